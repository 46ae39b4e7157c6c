/** The part of the `WebAssembly` global used here (this package compiles without the DOM lib). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
/** Each kernel module compiled, by its base64; null when the engine cannot compile it. */
const modules = new Map<string, object | null>();

/**
 * The compiled WebAssembly module of `base64` (compiled once), or null when this engine has no
 * WebAssembly or cannot compile it (no SIMD): the JavaScript kernels then do everything.
 */
export function compileWasm(base64: string): object | null {
  let module = modules.get(base64);
  if (module === undefined) {
    try {
      module = wasm === undefined ? null : new wasm.Module(Buffer.from(base64, 'base64'));
    } catch {
      module = null;
    }
    modules.set(base64, module);
  }
  return module;
}

/** The exports of a new instance of `module` (from {@link compileWasm}) with `imports`. */
export function instantiateWasm(module: object, imports: object): unknown {
  return new wasm!.Instance(module, imports).exports;
}
