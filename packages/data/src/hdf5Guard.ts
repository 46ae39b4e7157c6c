import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { NotFoundError, ResourceError, ValidationError } from '@qstore/core';
import type { Hdf5Access, Hdf5FileRef, Hdf5ReadRequest } from './hdf5Files.js';
import { formatError } from './internal/fail.js';

const SCOPE = 'data/hdf5';

/**
 * Options of the worker thread that makes every h5wasm call (named `probe` because it first only
 * probed a file's metadata).
 */
export interface Hdf5ProbeOptions {
  /**
   * How long one h5wasm call may run without progress: opening a file, one dataset's metadata, or
   * one hyperslab read of at most `sliceElements` elements (a read of many rows makes progress at
   * each). Past it (checked every quarter of it) the worker thread is stopped, and replaced for
   * the next call, and the read throws `CORRUPT_DATA`. @default 30_000
   */
  timeoutMs?: number;
  /**
   * The worker script (`@qstore/data/hdf5ProbeWorker`, for bundlers that move it); `NOT_FOUND`
   * when it does not exist. When the default one is missing (running from TypeScript sources)
   * h5wasm runs on the calling thread, unguarded.
   * @default `hdf5ProbeWorker.js` next to this module (the built package)
   */
  workerUrl?: URL;
}

/** A request to the worker thread (see hdf5ProbeWorker.ts). */
export type Hdf5Request = { readonly id: number } & (
  | ({ readonly op: 'open' } & Hdf5FileRef)
  | ({
      readonly op: 'describe';
      readonly dataset: string;
      readonly allowed: readonly string[];
    } & Hdf5FileRef)
  | ({ readonly op: 'read'; readonly buffers: ArrayBuffer[] } & Hdf5ReadRequest)
  | ({ readonly op: 'close' } & Hdf5FileRef)
);
type RequestBody = Hdf5Request extends infer R
  ? R extends unknown
    ? Omit<R, 'id'>
    : never
  : never;
interface Reply {
  readonly result?: unknown;
  readonly error?: { message: string; code?: string };
}

/** A worker thread, kept for later files (unref'd: it never keeps the process alive). */
interface GuardThread {
  readonly worker: Worker;
  readonly calls: Map<number, (reply: Reply | undefined) => void>;
  /** Hyperslab reads so far, counted by the worker (shared memory: no message, no wake-up). */
  readonly progress: Int32Array;
  /** Settles once the worker has loaded h5wasm (or stopped): its start is not a call's time. */
  readonly ready: Promise<void>;
  /** Calls under way. */
  active: number;
  next: number;
}
const threads = new Map<string, GuardThread>();
/** The calls of each worker script run one after another, so a watchdog times only its own. */
const queues = new Map<string, Promise<unknown>>();

function threadFor(url: URL): GuardThread {
  const known = threads.get(url.href);
  if (known !== undefined) return known;
  const progress = new SharedArrayBuffer(4);
  let loaded = () => {};
  const thread: GuardThread = {
    // it holds little JavaScript: a small young generation keeps its heap from growing
    worker: new Worker(url, {
      workerData: { progress },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    }),
    calls: new Map(),
    progress: new Int32Array(progress),
    ready: new Promise((resolve) => {
      loaded = resolve;
    }),
    active: 0,
    next: 0,
  };
  thread.worker.on('message', ({ id, ready, ...reply }: Reply & { id: number; ready?: true }) => {
    if (ready === true) loaded();
    else thread.calls.get(id)?.(reply);
  });
  const release = () => {
    loaded();
    if (threads.get(url.href) === thread) threads.delete(url.href);
    for (const done of thread.calls.values()) done(undefined);
  };
  thread.worker.on('error', release);
  thread.worker.on('exit', release);
  // after the listeners: adding a 'message' listener refs the thread again
  thread.worker.unref();
  threads.set(url.href, thread);
  return thread;
}

/** An error the worker reported, as the calling thread's own (h5wasm's: wrapped by the caller). */
function fromWorker(error: { message: string; code?: string }, path: string): Error {
  if (error.code === 'NOT_FOUND')
    return new NotFoundError('NOT_FOUND', error.message, { scope: SCOPE });
  if (error.code === 'RESOURCE_LIMIT')
    return new ResourceError('RESOURCE_LIMIT', error.message, {
      scope: SCOPE,
      details: { file: path },
    });
  return new Error(error.message);
}

interface CallOptions {
  readonly url: URL;
  readonly timeoutMs: number;
  readonly path: string;
  /** What the call does, for the timeout's message ("reading rows 0–100 of dataset x"). */
  readonly what: string;
}

/**
 * One call to the worker thread, under a watchdog: checked every quarter of `timeoutMs`, it stops
 * the thread once the call has made no progress (no hyperslab read) for `timeoutMs`.
 */
async function call(
  body: RequestBody,
  transfer: ArrayBuffer[],
  options: CallOptions,
): Promise<unknown> {
  const thread = threadFor(options.url);
  // kept alive while a call is under way (it may wait for h5wasm to load), unref'd otherwise
  if (thread.active++ === 0) thread.worker.ref();
  try {
    await thread.ready;
    return await watched(thread, body, transfer, options);
  } finally {
    if (--thread.active === 0) thread.worker.unref();
  }
}

function watched(
  thread: GuardThread,
  body: RequestBody,
  transfer: ArrayBuffer[],
  options: CallOptions,
): Promise<unknown> {
  const id = thread.next++;
  return new Promise((resolve, reject) => {
    let seen = Atomics.load(thread.progress, 0);
    let since = performance.now();
    const watchdog = setInterval(
      () => {
        const now = Atomics.load(thread.progress, 0);
        if (now !== seen) {
          seen = now;
          since = performance.now();
        } else if (performance.now() - since >= options.timeoutMs) stuck();
      },
      Math.max(1, options.timeoutMs / 4),
    );
    const finish = () => {
      clearInterval(watchdog);
      thread.calls.delete(id);
    };
    const stuck = () => {
      finish();
      if (threads.get(options.url.href) === thread) threads.delete(options.url.href);
      void thread.worker.terminate();
      reject(
        formatError(
          SCOPE,
          options.path,
          `h5wasm did not finish ${options.what} within ${options.timeoutMs} ms; the file is corrupt (h5wasm loops forever on some corrupt files), so its worker thread was stopped`,
          'CORRUPT_DATA',
        ),
      );
    };
    thread.calls.set(id, (reply) => {
      finish();
      if (reply === undefined)
        reject(
          formatError(SCOPE, options.path, `h5wasm's worker thread stopped while ${options.what}`),
        );
      else if (reply.error !== undefined) reject(fromWorker(reply.error, options.path));
      else resolve(reply.result);
    });
    thread.worker.postMessage({ id, ...body }, transfer);
  });
}

function queued<T>(url: URL, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(url.href) ?? Promise.resolve()).then(task, task);
  queues.set(
    url.href,
    run.catch(() => undefined),
  );
  return run;
}

function checkedTimeout(timeoutMs: number | undefined): number {
  const value = timeoutMs ?? 30_000;
  if (!(value > 0 && value <= 2 ** 31 - 1))
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `probe.timeoutMs is ${timeoutMs}; expected a number of milliseconds in (0, ${2 ** 31 - 1}]`,
      { scope: SCOPE },
    );
  return value;
}

/**
 * h5wasm in a worker thread, with a watchdog on every call: opening a file, reading a dataset's
 * metadata and each hyperslab of a read. A call that makes no progress within `timeoutMs` throws
 * `CORRUPT_DATA` naming the file and what was being read, and its thread is stopped (later calls
 * start a new one, which opens its files again). Reads fill an ArrayBuffer the caller allocated,
 * transferred to the worker and back without copies. One thread per worker script is kept for
 * later files, so only the first call pays for starting it and loading h5wasm there. Returns
 * `undefined` when the default script does not exist (running from sources); a `workerUrl` that
 * does not exist throws `NOT_FOUND`.
 */
export function guardedHdf5(options: Hdf5ProbeOptions = {}): Hdf5Access | undefined {
  const timeoutMs = checkedTimeout(options.timeoutMs);
  const url = options.workerUrl ?? new URL('./hdf5ProbeWorker.js', import.meta.url);
  if (url.protocol === 'file:' && !existsSync(fileURLToPath(url))) {
    if (options.workerUrl === undefined) return undefined;
    // a worker script named but missing must not leave h5wasm unguarded without a word
    throw new NotFoundError('NOT_FOUND', `probe.workerUrl ${url.href}: no such file`, {
      scope: SCOPE,
      details: { file: fileURLToPath(url) },
    });
  }
  const send = (body: RequestBody, what: string, transfer: ArrayBuffer[] = []) =>
    queued(url, () => call(body, transfer, { url, timeoutMs, path: body.path, what }));
  return {
    open: (ref) =>
      send({ op: 'open', ...ref }, 'opening the file') as ReturnType<Hdf5Access['open']>,
    describe: (ref, dataset, allowed) =>
      send(
        { op: 'describe', ...ref, dataset, allowed },
        `reading the metadata of dataset ${dataset}`,
      ) as ReturnType<Hdf5Access['describe']>,
    read: (request, into) =>
      send(
        { op: 'read', ...request, buffers: into },
        `reading rows ${request.start}–${request.end} of ${request.datasets.map((d) => `dataset ${d.name}`).join(' and ')}`,
        into,
      ) as ReturnType<Hdf5Access['read']>,
    close: (ref) => {
      // a replaced thread's files are gone with it: no new thread just to close
      void queued(url, async () => {
        if (threads.has(url.href))
          await call({ op: 'close', ...ref }, [], {
            url,
            timeoutMs,
            path: ref.path,
            what: 'closing the file',
          });
      }).catch(() => undefined);
    },
  };
}
