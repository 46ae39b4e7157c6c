// The script of the worker thread that makes every h5wasm call for the calling thread (see
// hdf5Guard.ts): h5wasm loops forever on some corrupt files, inside WebAssembly, and only a worker
// thread can be stopped in the middle of such a loop. It answers requests one after another: a
// read fills the ArrayBuffers it was given (transferred, not copied) and sends them back, and counts
// each hyperslab it reads in the shared `progress` counter, so that the watchdog knows it is not stuck.
import { parentPort, workerData } from 'node:worker_threads';
import { loadHdf5Files } from './hdf5Files.js';
import type { Hdf5Request } from './hdf5Guard.js';

/** Counts hyperslab reads: the watchdog's sign of progress, read without waking anyone. */
const progress = new Int32Array((workerData as { progress: SharedArrayBuffer }).progress);
const loading = loadHdf5Files();
// the calling thread's watchdogs start once h5wasm is loaded (or failed to load: then each
// request reports why)
loading.then(
  () => parentPort?.postMessage({ ready: true }),
  () => parentPort?.postMessage({ ready: true }),
);

parentPort?.on('message', async (request: Hdf5Request) => {
  const port = parentPort!;
  const { id } = request;
  try {
    const files = await loading;
    switch (request.op) {
      case 'open':
        port.postMessage({ id, result: files.open(request) });
        break;
      case 'describe':
        port.postMessage({
          id,
          result: files.describe(request, request.dataset, request.allowed),
        });
        break;
      case 'read': {
        const filled = files.read(request, request.buffers, () => Atomics.add(progress, 0, 1));
        port.postMessage({ id, result: filled }, filled);
        break;
      }
      case 'close':
        files.close(request);
        port.postMessage({ id, result: null });
        break;
    }
  } catch (error) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    port.postMessage({
      id,
      error: {
        message: typeof message === 'string' ? message : String(error),
        ...(typeof code === 'string' ? { code } : {}),
      },
    });
  }
});
