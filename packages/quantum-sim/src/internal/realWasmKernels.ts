import { compileWasm, instantiateWasm } from './compileWasm.js';
import { REAL_KERNELS_WASM } from './realKernelsWasm.generated.js';
import { wasmMemoryOf } from './wasmStateMemory.js';

/** The functions of realKernels.wat (described there); addresses are byte offsets. */
export interface RealKernelExports {
  cxPair(
    r: number,
    o: number,
    n: number,
    qa: number,
    qb: number,
    ...m: [number, number, number, number, number, number, number, number, number]
  ): void;
  cxChain(
    r: number,
    o: number,
    n: number,
    qa: number,
    qb: number,
    qc: number,
    ...m: [
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
      number,
    ]
  ): void;
  apply1(
    r: number,
    n: number,
    t: number,
    cmask: number,
    ...m: [number, number, number, number, number]
  ): void;
  adjointPair(s: number, l: number, n: number, qa: number, qb: number, ...rest: number[]): void;
  /** `cxChain` for any qubits (n ≥ 4), and `adjointChain`: see realKernels.wat. */
  cxChainAt(r: number, o: number, n: number, qa: number, qb: number, ...rest: number[]): void;
  adjointChainAt(s: number, l: number, n: number, qa: number, qb: number, ...rest: number[]): void;
  adjointChain(
    s: number,
    l: number,
    n: number,
    qa: number,
    qb: number,
    qc: number,
    ...rest: number[]
  ): void;
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
    const { cxPair, cxChain, cxChainAt, apply1, adjointPair, adjointChain, adjointChainAt } = e;
    const sums = new Float64Array(buffer, 0, 8);
    kernels = {
      cxPair,
      cxChain,
      cxChainAt,
      apply1,
      adjointPair,
      adjointChain,
      adjointChainAt,
      sums,
    };
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
