import { createRegistry, type Registry, type SourceAdapter } from '@qstore/core';
import { huggingfaceSource } from './sources/huggingface.js';
import { kerasSource } from './sources/keras.js';
import { localSource } from './sources/local.js';

/** Any source adapter, whatever its options type. */
export type AnySourceAdapter = SourceAdapter<unknown>;

/** Options of {@link createSourceRegistry}. */
export interface SourceRegistryOptions {
  /** Register the built-in `keras`, `huggingface` and `local` sources. @default true */
  builtins?: boolean;
}

/**
 * A new registry of source adapters, by default holding the built-ins. Third-party adapters
 * (and `backend` from `@qstore/backend-client`) are added with `register`, exactly like built-ins.
 */
export function createSourceRegistry(
  options: SourceRegistryOptions = {},
): Registry<AnySourceAdapter> {
  const registry = createRegistry<AnySourceAdapter>('source adapter', 'data');
  if (options.builtins !== false) {
    registry.register(kerasSource() as AnySourceAdapter);
    registry.register(huggingfaceSource() as AnySourceAdapter);
    registry.register(localSource() as AnySourceAdapter);
  }
  return registry;
}

let shared: Registry<AnySourceAdapter> | undefined;

/** The registry `loadDataset` uses when none is passed; created with the built-ins on first use. */
export function defaultSourceRegistry(): Registry<AnySourceAdapter> {
  shared ??= createSourceRegistry();
  return shared;
}

/** Adds a source adapter to the default registry (`replace` to swap one with the same name). */
export function registerSource<O>(
  adapter: SourceAdapter<O>,
  options: { replace?: boolean } = {},
): void {
  defaultSourceRegistry().register(adapter as AnySourceAdapter, options);
}
