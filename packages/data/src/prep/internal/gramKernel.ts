import { GRAM_KERNEL_WASM } from './gramKernelWasm.generated.js';
import type { GramTarget } from './kernels.js';

const PAGE = 65536;

/** An instance of the WebAssembly Gram kernel (gramKernel.wat, where the functions are described). */
export interface GramKernel {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  /** int16 samples → exact int32 sums, added to float64 `out`. */
  gram(t: number, rows: number, d: number, out: number, stride: number): void;
  /** float64 samples → float64 sums, added to `out`. */
  gramF64(t: number, rows: number, d: number, out: number, stride: number): void;
  /** Every dot product of rows of `a` with rows of `b`, added to `out`. */
  dots(
    a: number,
    na: number,
    b: number,
    nb: number,
    len: number,
    out: number,
    stride: number,
  ): void;
}

/** The part of the `WebAssembly` global used here (this package compiles without the DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

let compiled: object | undefined;

/** A fresh instance of the Gram kernel with at least `bytes` of zeroed memory. */
export function gramKernel(bytes: number): GramKernel {
  compiled ??= new wasm.Module(Buffer.from(GRAM_KERNEL_WASM, 'base64'));
  const kernel = new wasm.Instance(compiled, {}).exports as GramKernel;
  const pages = Math.ceil(bytes / PAGE) - kernel.memory.buffer.byteLength / PAGE;
  if (pages > 0) kernel.memory.grow(pages);
  return kernel;
}

/** Adds the upper triangle (first `d` rows and columns) of `sums` (row stride `from`) to `target`. */
export function addUpperTriangle(
  sums: Float64Array,
  from: number,
  d: number,
  target: GramTarget,
): void {
  const { gram, stride } = target;
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) gram[i * stride + j]! += sums[i * from + j]!;
  }
}
