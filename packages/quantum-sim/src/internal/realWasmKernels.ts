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

/** The kernels, and a view of the numbers they write from byte 0 (read right after each call). */
export interface RealKernels extends RealKernelExports {
  readonly sums: Float64Array;
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
    kernels = { ...e, sums: new Float64Array(buffer, 0, 8) };
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
