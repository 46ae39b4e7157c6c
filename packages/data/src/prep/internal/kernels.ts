import type { MatrixView } from './matrix.js';

// Rows are centred and transposed into blocks of this many samples, so that the inner loops of the
// covariance run over contiguous memory that stays in cache.
const BLOCK_ROWS = 64;

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
 * The scatter matrix `(X - mean)ᵀ (X - mean)` (cols × cols, row-major, both triangles filled),
 * computed block by block with a 2 × 2 register tile so the input is never copied whole.
 */
export function centeredScatter(x: MatrixView, mean: Float64Array): Float64Array {
  const { rows, cols: d, data } = x;
  const R = BLOCK_ROWS;
  const block = new Float64Array(d * R);
  const out = new Float64Array(d * d);
  for (let r0 = 0; r0 < rows; r0 += R) {
    const count = Math.min(R, rows - r0);
    if (count < R) block.fill(0);
    for (let r = 0; r < count; r++) {
      const base = (r0 + r) * d;
      for (let i = 0; i < d; i++) block[i * R + r] = data[base + i]! - mean[i]!;
    }
    for (let i = 0; i < d; i += 2) {
      const i1 = Math.min(i + 1, d - 1);
      const a0 = i * R;
      const a1 = i1 * R;
      for (let j = i; j < d; j += 2) {
        const j1 = Math.min(j + 1, d - 1);
        const b0 = j * R;
        const b1 = j1 * R;
        let s00 = 0;
        let s01 = 0;
        let s10 = 0;
        let s11 = 0;
        for (let r = 0; r < R; r++) {
          const u = block[a0 + r]!;
          const v = block[a1 + r]!;
          const p = block[b0 + r]!;
          const q = block[b1 + r]!;
          s00 += u * p;
          s01 += u * q;
          s10 += v * p;
          s11 += v * q;
        }
        out[i * d + j]! += s00;
        if (j1 !== j) out[i * d + j1]! += s01;
        if (i1 !== i && i1 <= j) out[i1 * d + j]! += s10;
        if (i1 !== i && j1 !== j) out[i1 * d + j1]! += s11;
      }
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) out[i * d + j] = out[j * d + i]!;
  return out;
}

/**
 * `(X - mean) · Vᵀ` where `vectors` holds `count` row vectors of length cols: an n × count
 * row-major result.
 */
export function projectCentered(
  x: MatrixView,
  mean: Float64Array,
  vectors: Float64Array,
  count: number,
): Float64Array {
  const { rows, cols: d, data } = x;
  const shift = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    let s = 0;
    for (let i = 0; i < d; i++) s += mean[i]! * vectors[c * d + i]!;
    shift[c] = s;
  }
  const out = new Float64Array(rows * count);
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let c = 0; c < count; c++) {
      const v = c * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += data[base + i]! * vectors[v + i]!;
      out[r * count + c] = s - shift[c]!;
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
): Float64Array {
  const { rows, cols: d, data } = x;
  const out = new Float64Array(count * d);
  const sums = new Float64Array(count);
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let c = 0; c < count; c++) {
      const weight = q[r * count + c]!;
      if (weight === 0) continue;
      sums[c]! += weight;
      const o = c * d;
      for (let i = 0; i < d; i++) out[o + i]! += weight * data[base + i]!;
    }
  }
  for (let c = 0; c < count; c++) {
    for (let i = 0; i < d; i++) out[c * d + i]! -= mean[i]! * sums[c]!;
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
