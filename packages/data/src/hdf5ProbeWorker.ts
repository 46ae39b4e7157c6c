// The script of the worker thread that opens HDF5 files and reads all of their metadata before the
// calling thread does (see hdf5Probe.ts): h5wasm loops forever on some corrupt files, and only a
// worker thread can be stopped in the middle of a WebAssembly loop. It answers `{ id, path }`
// requests one after another with `{ id }`, whatever it found: the calling thread's own open
// reports errors.
import { parentPort } from 'node:worker_threads';

interface H5Node {
  readonly attrs?: Record<string, { readonly value: unknown }>;
  keys?(): string[];
  get?(key: string): H5Node | null;
  readonly shape?: unknown;
  readonly dtype?: unknown;
  readonly filters?: unknown;
}
type H5Wasm = {
  ready: Promise<unknown>;
  File: new (path: string, mode: string) => H5Node & { close(): void };
};

/** Most groups and datasets visited (a corrupt file may link a group into itself). */
const MAX_NODES = 100_000;

function readMetadata(h5wasm: H5Wasm, path: string): void {
  const file = new h5wasm.File(path, 'r');
  let visited = 0;
  const walk = (node: H5Node, depth: number): void => {
    if (++visited > MAX_NODES || depth > 64) return;
    for (const attr of Object.values(node.attrs ?? {})) void attr.value;
    if (node.keys === undefined || node.get === undefined) {
      void [node.shape, node.dtype, node.filters];
      return;
    }
    for (const key of node.keys()) {
      const child = node.get(key);
      if (child !== null) walk(child, depth + 1);
    }
  };
  try {
    walk(file, 0);
  } finally {
    file.close();
  }
}

const loading = import('h5wasm/node').then(async (module) => {
  const h5wasm = (module as unknown as { default: H5Wasm }).default;
  await h5wasm.ready;
  return h5wasm;
});
parentPort?.on('message', async ({ id, path }: { id: number; path: string }) => {
  try {
    readMetadata(await loading, path);
  } catch {
    // reported by the calling thread's own open
  }
  parentPort?.postMessage({ id });
});
