import { addUpperTriangle, type GramKernel, gramKernel } from './gramKernel.js';
import type { MatrixView } from './matrix.js';

/**
 * Samples per block: rows are centred (and transposed) a block at a time, so that the inner loops
 * run over contiguous memory that stays in cache.
 */
export const BLOCK_ROWS = 128;

/** Called after each block of rows with the number of rows it held (progress and abort checks). */
export type BlockHook = (rows: number) => void;

/** Rows `start` (inclusive) to `end` (exclusive) of a matrix. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** Where a scatter kernel adds its rows' contribution. */
export interface GramTarget {
  /** Row-major, at least cols rows of `stride` entries; entries with `j ≥ i` are the result. */
  readonly gram: Float64Array;
  /** Entries per row of `gram`: at least cols rounded up to a multiple of 4. */
  readonly stride: number;
}

/** The per-column mean of a matrix. */
export function columnMeans(x: MatrixView): Float64Array {
  const { rows, cols, data } = x;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const base = r * cols;
    for (let i = 0; i < cols; i++) mean[i]! += data[base + i]!;
  }
  for (let i = 0; i < cols; i++) mean[i]! /= rows;
  return mean;
}

/** `value` rounded up to a multiple of `multiple`. */
export const roundUp = (value: number, multiple: number) => Math.ceil(value / multiple) * multiple;

const TRANSPOSED = { transposed: true, width: 0 } as const;

/**
 * Rows `rows.start …` (before `rows.end`) of `x` minus the mean into `block`: transposed
 * (`block[i·R + r]`, features as rows) or not (`block[r·width + i]`). Rows past the end are zero.
 */
function fillBlock(
  x: MatrixView,
  mean: Float64Array,
  rows: RowRange,
  block: Float64Array,
  layout: { readonly transposed: boolean; readonly width: number },
  onBlock: BlockHook | undefined,
): number {
  const { cols: d, data } = x;
  const R = BLOCK_ROWS;
  const { transposed, width } = layout;
  const count = Math.min(R, rows.end - rows.start);
  onBlock?.(count);
  if (count < R) block.fill(0);
  for (let r = 0; r < count; r++) {
    const base = (rows.start + r) * d;
    for (let i = 0; i < d; i++) {
      block[transposed ? i * R + r : r * width + i] = data[base + i]! - mean[i]!;
    }
  }
  return count;
}

/**
 * Adds the scatter matrix `(X - mean)ᵀ (X - mean)` of rows `range` of `x` to the upper triangle
 * of `out`, block by block so the input is never copied whole: each block of centred rows is
 * transposed into WebAssembly memory and multiplied there (`gramF64`, two samples per f64x2
 * multiply-add, 2 × 4 register tiles touching the upper triangle only).
 */
export function accumulateCenteredScatter(
  x: MatrixView,
  mean: Float64Array,
  range: RowRange,
  out: GramTarget,
  onBlock?: BlockHook,
): void {
  const R = BLOCK_ROWS;
  const padded = roundUp(x.cols, 4);
  const blockBytes = padded * R * 8;
  const kernel = gramKernel(blockBytes + padded * padded * 8);
  const block = new Float64Array(kernel.memory.buffer, 0, padded * R);
  const sums = new Float64Array(kernel.memory.buffer, blockBytes, padded * padded);
  for (let r0 = range.start; r0 < range.end; r0 += R) {
    fillBlock(x, mean, { start: r0, end: range.end }, block, TRANSPOSED, onBlock);
    kernel.gramF64(0, R, padded, blockBytes, padded);
  }
  addUpperTriangle(sums, padded, x.cols, out);
}

/**
 * `(X - mean) · Vᵀ` where `vectors` holds `count` row vectors of length cols: an n × count
 * row-major result (blocks of centred rows against the vectors on the WebAssembly `dots` kernel).
 */
export function projectCentered(
  x: MatrixView,
  mean: Float64Array,
  vectors: Float64Array,
  count: number,
  onBlock?: BlockHook,
): Float64Array {
  const d = x.cols;
  const R = BLOCK_ROWS;
  const width = roundUp(d, 2);
  const lp = roundUp(count, 4);
  const { kernel, at, arrays } = kernelArrays([R * width, lp * width, R * lp]);
  const [block, padded, wide] = arrays;
  for (let c = 0; c < count; c++) padded.set(vectors.subarray(c * d, (c + 1) * d), c * width);
  const out = new Float64Array(x.rows * count);
  for (let r0 = 0; r0 < x.rows; r0 += R) {
    const rows = fillBlock(
      x,
      mean,
      { start: r0, end: x.rows },
      block,
      { transposed: false, width },
      onBlock,
    );
    wide.fill(0);
    kernel.dots(at[0], R, at[1], lp, width, at[2], lp);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < count; c++) out[(r0 + r) * count + c] = wide[r * lp + c]!;
    }
  }
  return out;
}

/** `(X - mean)ᵀ · Q` for Q an n × count row-major matrix, as count row vectors of length cols. */
export function projectCenteredTransposed(
  x: MatrixView,
  mean: Float64Array,
  q: Float64Array,
  count: number,
  onBlock?: BlockHook,
): Float64Array {
  const d = x.cols;
  const R = BLOCK_ROWS;
  const dp = roundUp(d, 2);
  const lp = roundUp(count, 4);
  const { kernel, at, arrays } = kernelArrays([dp * R, lp * R, dp * lp]);
  const [block, weights, wide] = arrays;
  for (let r0 = 0; r0 < x.rows; r0 += R) {
    const rows = fillBlock(x, mean, { start: r0, end: x.rows }, block, TRANSPOSED, onBlock);
    weights.fill(0);
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < count; c++) weights[c * R + r] = q[(r0 + r) * count + c]!;
    }
    kernel.dots(at[0], dp, at[1], lp, R, at[2], lp);
  }
  const out = new Float64Array(count * d);
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < d; i++) out[c * d + i] = wide[i * lp + c]!;
  }
  return out;
}

type Three<T> = [T, T, T];

/** A kernel instance with three float64 arrays of these lengths, one after another in its memory. */
function kernelArrays(lengths: Three<number>): {
  kernel: GramKernel;
  at: Three<number>;
  arrays: Three<Float64Array>;
} {
  const at: Three<number> = [0, lengths[0] * 8, (lengths[0] + lengths[1]) * 8];
  const kernel = gramKernel(at[2] + lengths[2] * 8);
  const view = (i: 0 | 1 | 2) => new Float64Array(kernel.memory.buffer, at[i], lengths[i]);
  return { kernel, at, arrays: [view(0), view(1), view(2)] };
}

/** Orthonormalises the columns of an n × count row-major matrix in place (Gram–Schmidt, twice). */
export function orthonormalizeColumns(q: Float64Array, rows: number, count: number): void {
  for (let c = 0; c < count; c++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < c; p++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += q[r * count + p]! * q[r * count + c]!;
        for (let r = 0; r < rows; r++) q[r * count + c]! -= dot * q[r * count + p]!;
      }
    }
    let norm = 0;
    for (let r = 0; r < rows; r++) norm += q[r * count + c]! ** 2;
    const length = Math.sqrt(norm) || 1;
    for (let r = 0; r < rows; r++) q[r * count + c]! /= length;
  }
}

/** Orthonormalises the rows of a count × d row-major matrix in place (Gram–Schmidt, twice). */
export function orthonormalizeRows(vectors: Float64Array, count: number, d: number): void {
  // Rows of a count × d matrix are the columns of its d × count transpose.
  const transposed = new Float64Array(d * count);
  for (let c = 0; c < count; c++)
    for (let i = 0; i < d; i++) transposed[i * count + c] = vectors[c * d + i]!;
  orthonormalizeColumns(transposed, d, count);
  for (let c = 0; c < count; c++)
    for (let i = 0; i < d; i++) vectors[c * d + i] = transposed[i * count + c]!;
}
