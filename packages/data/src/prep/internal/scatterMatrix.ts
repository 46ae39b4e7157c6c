import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { StateError } from '@qstore/core';
import type { BlockHook } from './kernels.js';
import type { MatrixView, NumericArray } from './matrix.js';
import {
  CANCEL,
  DONE,
  FAILED,
  finishScatter,
  gramStride,
  partOwner,
  partState,
  ROWS_DONE,
  type ScatterJob,
  splitRows,
  workOnParts,
} from './scatterJob.js';

/** How {@link scatterMatrix} runs. */
export interface ScatterOptions {
  /** Threads, this one included; 1 computes everything here. */
  readonly workers: number;
  /** Called with rows done (by any thread) between blocks; it may throw to stop (abort). */
  readonly onBlock?: BlockHook;
  /** The worker script. @default `scatterWorker.js` next to this module */
  readonly workerScript?: URL;
}

/** What {@link scatterMatrix} returns. */
export interface ScatterResult {
  /** The d × d centred scatter matrix. */
  readonly scatter: Float64Array;
  /** Settles once every worker thread has exited. */
  readonly exited: Promise<void>;
  /** The thread id (`worker_threads.threadId`) that computed each part of the rows. */
  readonly owners: readonly number[];
}

/** Below this many multiply-adds (n·d²) starting worker threads costs more than it saves. */
const PARALLEL_MIN_WORK = 2 ** 31;
/** Parts per thread: more parts than threads lets a thread slowed by load do fewer of them. */
const PARTS_PER_THREAD = 2;
/** How long the main thread sleeps between progress reports while waiting for the workers. */
const POLL_MS = 50;

/** The default thread count: `min(availableParallelism(), 4)` for large inputs, 1 for small. */
export function defaultWorkers(rows: number, cols: number): number {
  return rows * cols * cols >= PARALLEL_MIN_WORK ? Math.min(availableParallelism(), 4) : 1;
}

/** `data` itself if it already lives in shared memory, otherwise a copy that does. */
function shared(data: NumericArray): NumericArray {
  if (data.buffer instanceof SharedArrayBuffer) return data;
  const Ctor = data.constructor as new (buffer: SharedArrayBuffer) => NumericArray;
  const copy = new Ctor(new SharedArrayBuffer(data.byteLength));
  copy.set(data);
  return copy;
}

/**
 * The centred scatter matrix `(X - mean)ᵀ (X - mean)` (d × d, row-major, symmetric) of `x`,
 * computed on `options.workers` threads. The rows are cut into fixed parts, each summed into
 * its own Gram matrix by whichever thread claims it, and the parts are added in order: the result
 * is bit-identical across runs for a given thread count, and for uint8 data (exact integer Gram
 * matrix) for every thread count. Blocks this thread until done. A worker that cannot start
 * leaves its parts to this thread.
 */
export function scatterMatrix(
  x: MatrixView,
  mean: Float64Array,
  options: ScatterOptions,
): ScatterResult {
  const stride = gramStride(x.cols);
  const parts = splitRows(x.rows, options.workers === 1 ? 1 : options.workers * PARTS_PER_THREAD);
  const job: ScatterJob = {
    x: options.workers === 1 ? x : { ...x, data: shared(x.data) },
    mean,
    parts,
    grams: new Float64Array(new SharedArrayBuffer(parts.length * stride * stride * 8)),
    control: new Int32Array(new SharedArrayBuffer((2 + 2 * parts.length) * 4)),
  };
  const script = options.workerScript ?? new URL('./scatterWorker.js', import.meta.url);
  const workers = Array.from({ length: Math.min(options.workers, parts.length) - 1 }, () => {
    const worker = new Worker(script, { workerData: job });
    worker.unref();
    // A worker that fails to load never claims a part; this thread computes it instead.
    worker.on('error', () => {});
    return worker;
  });
  const exited = Promise.all(
    workers.map((w) => new Promise<void>((resolve) => w.once('exit', () => resolve()))),
  ).then(() => {});
  let reported = 0;
  const report = () => {
    const done = Atomics.load(job.control, ROWS_DONE);
    options.onBlock?.(done - reported);
    reported = done;
  };
  try {
    workOnParts(job, report);
    parts.forEach((_, p) => {
      for (;;) {
        const state = Atomics.load(job.control, partState(p));
        if (state === DONE) return;
        if (state === FAILED) {
          throw new StateError('INVALID_STATE', 'a PCA worker thread failed', {
            scope: 'data/pca',
          });
        }
        Atomics.wait(job.control, partState(p), state, POLL_MS);
        report();
      }
    });
    report();
  } catch (error) {
    Atomics.store(job.control, CANCEL, 1);
    throw error;
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  const sum = job.grams.slice(0, stride * stride);
  for (let p = 1; p < parts.length; p++) {
    const part = job.grams.subarray(p * stride * stride, (p + 1) * stride * stride);
    for (let i = 0; i < sum.length; i++) sum[i]! += part[i]!;
  }
  const owners = parts.map((_, p) => Atomics.load(job.control, partOwner(p, parts.length)));
  return { scatter: finishScatter(x, mean, sum), exited, owners };
}
