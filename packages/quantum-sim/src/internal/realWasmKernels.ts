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
}

/**
 * The real kernels linked to each state memory, by the memory's buffer; null for a buffer that is
 * not one (an ordinary array) or whose engine cannot compile them.
 */
const byBuffer = new WeakMap<ArrayBufferLike, RealKernelExports | null>();

function link(buffer: ArrayBufferLike, r: Float64Array): RealKernelExports | null {
  const memory = wasmMemoryOf(r);
  const module = memory === undefined ? null : compileWasm(REAL_KERNELS_WASM);
  const kernels =
    module === null
      ? null
      : (instantiateWasm(module, { env: { memory: memory!.memory } }) as RealKernelExports);
  byBuffer.set(buffer, kernels);
  return kernels;
}

/**
 * The WebAssembly real-state kernels that can run on `r` and `out` (realKernels.wat): when both
 * are views of one `WasmStateMemory`, else undefined (the JavaScript kernels run).
 */
export function realKernelsFor(r: Float64Array, out: Float64Array): RealKernelExports | undefined {
  const buffer = r.buffer;
  const kernels = byBuffer.get(buffer) ?? (byBuffer.has(buffer) ? null : link(buffer, r));
  return kernels !== null && out.buffer === buffer ? kernels : undefined;
}
