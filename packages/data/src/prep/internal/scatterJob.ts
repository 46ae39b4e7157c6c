import { threadId } from 'node:worker_threads';
import { byteGram } from './byteScatter.js';
import {
  accumulateCenteredScatter,
  BLOCK_ROWS,
  type BlockHook,
  type GramTarget,
  type RowRange,
  roundUp,
} from './kernels.js';
import type { MatrixView } from './matrix.js';

/**
 * A scatter-matrix computation split into parts of rows, shared between threads: each part is
 * claimed by one thread and summed into its own Gram matrix, so the result does not depend on
 * which thread computed which part.
 */
export interface ScatterJob {
  readonly x: MatrixView;
  readonly mean: Float64Array;
  readonly parts: readonly RowRange[];
  /** One `stride × stride` Gram matrix per part, one after another. */
  readonly grams: Float64Array;
  /** `[cancel, rows done, state of each part …, thread id of each part's owner …]`. */
  readonly control: Int32Array;
}

/** Indices into {@link ScatterJob.control}. */
export const CANCEL = 0;
export const ROWS_DONE = 1;
export const partState = (p: number) => 2 + p;
export const partOwner = (p: number, parts: number) => 2 + parts + p;
/** States of a part. */
export const FREE = 0;
export const CLAIMED = 1;
export const DONE = 2;
export const FAILED = 3;

/** Entries per row of a Gram matrix of `d` features (padded for the 4 × 2 register tiles). */
export const gramStride = (d: number) => roundUp(d, 4);

/**
 * Adds rows `range` of `x` to the upper triangle of `target`: the raw Gram matrix `XᵀX` for uint8
 * data (exact integers, see {@link byteGram}), the centred scatter for any other dtype.
 */
export function accumulateScatter(
  x: MatrixView,
  mean: Float64Array,
  range: RowRange,
  target: GramTarget,
  onBlock?: BlockHook,
): void {
  if (x.data instanceof Uint8Array) byteGram(x.data, x.cols, range, target, onBlock);
  else accumulateCenteredScatter(x, mean, range, target, onBlock);
}

/**
 * The full symmetric `d × d` centred scatter from the upper triangle of the summed accumulator
 * (for uint8 data the raw Gram matrix, centred here as `XᵀX - n·mean·meanᵀ`).
 */
export function finishScatter(x: MatrixView, mean: Float64Array, gram: Float64Array): Float64Array {
  const d = x.cols;
  const stride = gramStride(d);
  const raw = x.data instanceof Uint8Array;
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = gram[i * stride + j]! - (raw ? x.rows * mean[i]! * mean[j]! : 0);
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/**
 * Splits `rows` into `count` contiguous parts of whole 128-row blocks (fewer if there are fewer
 * blocks), the same on every run.
 */
export function splitRows(rows: number, count: number): RowRange[] {
  const blocks = Math.ceil(rows / BLOCK_ROWS);
  const used = Math.max(1, Math.min(count, blocks));
  return Array.from({ length: used }, (_, p) => ({
    start: Math.floor((p * blocks) / used) * BLOCK_ROWS,
    end: Math.min(rows, Math.floor(((p + 1) * blocks) / used) * BLOCK_ROWS),
  }));
}

/**
 * Claims the job's free parts one by one and computes each into its Gram matrix; `onBlock` runs
 * after each block (it may throw to stop, e.g. on abort). Stops early once the job is cancelled.
 */
export function workOnParts(job: ScatterJob, onBlock?: BlockHook): void {
  const { control } = job;
  const size = gramStride(job.x.cols) ** 2;
  job.parts.forEach((range, p) => {
    if (Atomics.compareExchange(control, partState(p), FREE, CLAIMED) !== FREE) return;
    Atomics.store(control, partOwner(p, job.parts.length), threadId);
    try {
      accumulateScatter(
        job.x,
        job.mean,
        range,
        { gram: job.grams.subarray(p * size, (p + 1) * size), stride: gramStride(job.x.cols) },
        (rows) => {
          if (Atomics.load(control, CANCEL) !== 0) throw new Error('cancelled');
          Atomics.add(control, ROWS_DONE, rows);
          onBlock?.(rows);
        },
      );
      Atomics.store(control, partState(p), DONE);
    } catch (error) {
      Atomics.store(control, partState(p), FAILED);
      throw error;
    } finally {
      Atomics.notify(control, partState(p));
    }
  });
}
