import { compileWasm, instantiateWasm } from './compileWasm.js';
import { REAL_KERNELS_WASM } from './realKernelsWasm.generated.js';
import { wasmMemoryOf } from './wasmStateMemory.js';

/** A function of realKernels.wat: byte offsets, sizes and qubits, then matrix entries and flags. */
type Kernel = (...args: number[]) => void;

/** The functions of realKernels.wat (their arguments are described there). */
export interface RealKernelExports {
  readonly cxPair: Kernel;
  readonly cxChain: Kernel;
  readonly apply1: Kernel;
  readonly adjointPair: Kernel;
  readonly adjointChain: Kernel;
  /** The same as the four above, on qubit 0 too. */
  readonly cxPairAt: Kernel;
  readonly cxChainAt: Kernel;
  readonly adjointPairAt: Kernel;
  readonly adjointChainAt: Kernel;
}

/**
 * The kernels, a view of the numbers they write from byte 0 (read right after each call) and
 * one of the matrix entries the link kernels read from byte 64 (see {@link putEntries}).
 */
export interface RealKernels extends RealKernelExports {
  readonly sums: Float64Array;
  readonly entries: Float64Array;
}

/**
 * The real kernels linked to each state memory, by the memory's buffer; null for a buffer that is
 * not one (an ordinary array) or whose engine cannot compile them.
 */
const byBuffer = new WeakMap<ArrayBufferLike, RealKernels | null>();

function link(buffer: ArrayBufferLike, r: Float64Array): RealKernels | null {
  const memory = wasmMemoryOf(r);
  const module = memory === undefined ? null : compileWasm(REAL_KERNELS_WASM);
  let kernels: RealKernels | null = null;
  if (module !== null) {
    const e = instantiateWasm(module, { env: { memory: memory!.memory } }) as RealKernelExports;
    const [sums, entries] = [new Float64Array(buffer, 0, 8), new Float64Array(buffer, 64, 12)];
    kernels = { ...e, sums, entries };
  }
  byBuffer.set(buffer, kernels);
  return kernels;
}

/**
 * The WebAssembly real-state kernels that can run on `r` and `out` (realKernels.wat): when both
 * are views of one `WasmStateMemory`, else undefined (the JavaScript kernels run).
 */
export function realKernelsFor(r: Float64Array, out: Float64Array): RealKernels | undefined {
  const buffer = r.buffer;
  const kernels = byBuffer.get(buffer) ?? (byBuffer.has(buffer) ? null : link(buffer, r));
  return kernels !== null && out.buffer === buffer ? kernels : undefined;
}

/**
 * Writes the real entries of the 2×2 factors `a`, `b` (and `c`), interleaved complex layout,
 * where the link kernels read them: call right before the kernel.
 */
export function putEntries(
  kernels: RealKernels,
  a: Float64Array,
  b: Float64Array,
  c?: Float64Array,
): void {
  const p = kernels.entries;
  for (let k = 0; k < 4; k++) {
    p[k] = a[2 * k]!;
    p[4 + k] = b[2 * k]!;
    if (c !== undefined) p[8 + k] = c[2 * k]!;
  }
}
