import type { MatrixView } from './matrix.js';

// Rows are centred and transposed into blocks of this many samples, so that the inner loops of the
// covariance run over contiguous memory that stays in cache.
const BLOCK_ROWS = 128;

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

/**
 * Adds the products of block rows `i … i+3` with rows `j, j+1` (a 4 × 2 register tile: six loads
 * feed eight multiply-adds) into the scatter matrix.
 */
function tile(block: Float64Array, out: Float64Array, d: number, i: number, j: number): void {
  const R = BLOCK_ROWS;
  const a0 = i * R;
  const b0 = j * R;
  const b1 = b0 + R;
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s30 = 0;
  let s31 = 0;
  for (let r = 0; r < R; r++) {
    const p = block[b0 + r]!;
    const q = block[b1 + r]!;
    let u = block[a0 + r]!;
    s00 += u * p;
    s01 += u * q;
    u = block[a0 + R + r]!;
    s10 += u * p;
    s11 += u * q;
    u = block[a0 + 2 * R + r]!;
    s20 += u * p;
    s21 += u * q;
    u = block[a0 + 3 * R + r]!;
    s30 += u * p;
    s31 += u * q;
  }
  const o = i * d + j;
  out[o]! += s00;
  out[o + 1]! += s01;
  out[o + d]! += s10;
  out[o + d + 1]! += s11;
  out[o + 2 * d]! += s20;
  out[o + 2 * d + 1]! += s21;
  out[o + 3 * d]! += s30;
  out[o + 3 * d + 1]! += s31;
}

/**
 * The scatter matrix `(X - mean)ᵀ (X - mean)` (cols × cols, row-major, symmetric), computed block
 * by block so the input is never copied whole. Only tiles touching the upper triangle are
 * computed; the lower triangle is then mirrored from it.
 */
export function centeredScatter(x: MatrixView, mean: Float64Array): Float64Array {
  const { rows, cols: d, data } = x;
  const R = BLOCK_ROWS;
  // Padded to a multiple of 4 features; the padding rows of the block stay zero.
  const padded = Math.ceil(d / 4) * 4;
  const block = new Float64Array(padded * R);
  const wide = new Float64Array(padded * padded);
  for (let r0 = 0; r0 < rows; r0 += R) {
    const count = Math.min(R, rows - r0);
    if (count < R) block.fill(0);
    for (let r = 0; r < count; r++) {
      const base = (r0 + r) * d;
      for (let i = 0; i < d; i++) block[i * R + r] = data[base + i]! - mean[i]!;
    }
    for (let i = 0; i < padded; i += 4) {
      for (let j = i; j < padded; j += 2) tile(block, wide, padded, i, j);
    }
  }
  const out = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = i; j < d; j++) {
      const v = wide[i * padded + j]!;
      out[i * d + j] = v;
      out[j * d + i] = v;
    }
  }
  return out;
}

/** Row `r` of `x` minus the mean, written into `row`. */
function centeredRow(x: MatrixView, mean: Float64Array, r: number, row: Float64Array): void {
  const base = r * x.cols;
  for (let i = 0; i < x.cols; i++) row[i] = x.data[base + i]! - mean[i]!;
}

/**
 * `(X - mean) · Vᵀ` where `vectors` holds `count` row vectors of length cols: an n × count
 * row-major result. Each centred row is dotted with four vectors at a time.
 */
export function projectCentered(
  x: MatrixView,
  mean: Float64Array,
  vectors: Float64Array,
  count: number,
): Float64Array {
  const d = x.cols;
  const row = new Float64Array(d);
  const out = new Float64Array(x.rows * count);
  for (let r = 0; r < x.rows; r++) {
    centeredRow(x, mean, r, row);
    let c = 0;
    for (; c + 3 < count; c += 4) {
      const v0 = c * d;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let i = 0; i < d; i++) {
        const u = row[i]!;
        s0 += u * vectors[v0 + i]!;
        s1 += u * vectors[v0 + d + i]!;
        s2 += u * vectors[v0 + 2 * d + i]!;
        s3 += u * vectors[v0 + 3 * d + i]!;
      }
      const o = r * count + c;
      out[o] = s0;
      out[o + 1] = s1;
      out[o + 2] = s2;
      out[o + 3] = s3;
    }
    for (; c < count; c++) {
      let s = 0;
      for (let i = 0; i < d; i++) s += row[i]! * vectors[c * d + i]!;
      out[r * count + c] = s;
    }
  }
  return out;
}

/**
 * `(X - mean)ᵀ · Q` for Q an n × count row-major matrix, as count row vectors of length cols;
 * each centred row updates four output vectors at a time.
 */
export function projectCenteredTransposed(
  x: MatrixView,
  mean: Float64Array,
  q: Float64Array,
  count: number,
): Float64Array {
  const d = x.cols;
  const row = new Float64Array(d);
  const out = new Float64Array(count * d);
  for (let r = 0; r < x.rows; r++) {
    centeredRow(x, mean, r, row);
    const weights = r * count;
    let c = 0;
    for (; c + 3 < count; c += 4) {
      const o = c * d;
      const w0 = q[weights + c]!;
      const w1 = q[weights + c + 1]!;
      const w2 = q[weights + c + 2]!;
      const w3 = q[weights + c + 3]!;
      for (let i = 0; i < d; i++) {
        const u = row[i]!;
        out[o + i]! += w0 * u;
        out[o + d + i]! += w1 * u;
        out[o + 2 * d + i]! += w2 * u;
        out[o + 3 * d + i]! += w3 * u;
      }
    }
    for (; c < count; c++) {
      const w = q[weights + c]!;
      for (let i = 0; i < d; i++) out[c * d + i]! += w * row[i]!;
    }
  }
  return out;
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
