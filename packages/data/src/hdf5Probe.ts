import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { formatError } from './internal/fail.js';

/** Options of the metadata probe that guards h5wasm against corrupt files. */
export interface Hdf5ProbeOptions {
  /** How long the worker thread may take to read the file's metadata. @default 30_000 */
  timeoutMs?: number;
  /** The probe script. @default `hdf5ProbeWorker.js` next to this module (the built package) */
  workerUrl?: URL;
}

/** A probe worker, kept for later files (unref'd: it never keeps the process alive). */
interface ProbeThread {
  readonly worker: Worker;
  readonly waiting: Map<number, () => void>;
  next: number;
}
const threads = new Map<string, ProbeThread>();

function probeThread(url: URL): ProbeThread {
  const known = threads.get(url.href);
  if (known !== undefined) return known;
  const thread: ProbeThread = { worker: new Worker(url), waiting: new Map(), next: 0 };
  thread.worker.on('message', ({ id }: { id: number }) => thread.waiting.get(id)?.());
  const release = () => {
    threads.delete(url.href);
    for (const done of thread.waiting.values()) done();
  };
  thread.worker.on('error', release);
  thread.worker.on('exit', release);
  // after the listeners: adding a 'message' listener refs the thread again
  thread.worker.unref();
  threads.set(url.href, thread);
  return thread;
}

/**
 * Opens `path` and reads all of its metadata in a worker thread first, and throws `CORRUPT_DATA`
 * when that does not finish within `timeoutMs`: h5wasm loops forever on some corrupt files, inside
 * WebAssembly, where the calling thread could never be interrupted (the stuck worker is stopped).
 * Any other outcome returns, and the calling thread's own open reports errors. The worker stays
 * for later files, so only the first one pays for starting it and loading h5wasm there. Without
 * the probe script (running from sources) there is no probe.
 */
export async function probeHdf5(path: string, options: Hdf5ProbeOptions = {}): Promise<void> {
  const url = options.workerUrl ?? new URL('./hdf5ProbeWorker.js', import.meta.url);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) return;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const thread = probeThread(url);
  const id = thread.next++;
  let timer: NodeJS.Timeout | undefined;
  const finished = await new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
    thread.waiting.set(id, () => resolve(true));
    thread.worker.postMessage({ id, path });
  }).finally(() => {
    clearTimeout(timer);
    thread.waiting.delete(id);
  });
  if (!finished) {
    threads.delete(url.href);
    await thread.worker.terminate();
    throw formatError(
      'data/hdf5',
      path,
      `h5wasm did not finish reading the file's metadata within ${timeoutMs} ms; the file is corrupt (h5wasm loops forever on some corrupt files)`,
      'CORRUPT_DATA',
    );
  }
}
