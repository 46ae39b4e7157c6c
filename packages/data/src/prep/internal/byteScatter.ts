import {
  BLOCK_ROWS,
  type BlockHook,
  type GramTarget,
  type RowRange,
  roundUp,
} from './kernels.js';

// Two byte features share one float64: a + b·2^24. Over a block of 128 rows a sum of products
// stays below 2^24 in the low part and 2^47 in the high part, so every product is exact and one
// multiply-add computes two entries of the Gram matrix.
const SHIFT = 2 ** 24;

/**
 * `out[(i+p)·stride + j+q] += Σₜ a[i·len + 4t + p] · b[j·len + 2t + q]` for p < 4, q < 2: the
 * 4 × 2 register tile of `tile` in kernels.ts, over interleaved panels (four rows of `a`, two of
 * `b`, side by side per sample), so each step reads six neighbouring values.
 */
function panelTile(
  a: Float64Array,
  b: Float64Array,
  len: number,
  out: Float64Array,
  stride: number,
  i: number,
  j: number,
): void {
  let s00 = 0;
  let s01 = 0;
  let s10 = 0;
  let s11 = 0;
  let s20 = 0;
  let s21 = 0;
  let s30 = 0;
  let s31 = 0;
  const end = (i + 4) * len;
  for (let ai = i * len, bi = j * len; ai < end; ai += 4, bi += 2) {
    const p = b[bi]!;
    const q = b[bi + 1]!;
    let u = a[ai]!;
    s00 += u * p;
    s01 += u * q;
    u = a[ai + 1]!;
    s10 += u * p;
    s11 += u * q;
    u = a[ai + 2]!;
    s20 += u * p;
    s21 += u * q;
    u = a[ai + 3]!;
    s30 += u * p;
    s31 += u * q;
  }
  const o = i * stride + j;
  out[o]! += s00;
  out[o + 1]! += s01;
  out[o + stride]! += s10;
  out[o + stride + 1]! += s11;
  out[o + 2 * stride]! += s20;
  out[o + 2 * stride + 1]! += s21;
  out[o + 3 * stride]! += s30;
  out[o + 3 * stride + 1]! += s31;
}

/**
 * Adds the Gram matrix `XᵀX` of rows `range` of uint8 data (row-major, `d` features) to the
 * upper triangle of `target.gram`, exactly: every sum is an integer below 2^53, so the result does
 * not depend on how the rows are split. About twice as fast as the float kernel, since two
 * features are packed per float64.
 */
export function byteGram(
  data: Uint8Array,
  d: number,
  range: RowRange,
  target: GramTarget,
  onBlock?: BlockHook,
): void {
  const R = BLOCK_ROWS;
  const { gram, stride } = target;
  const dp = roundUp(d, 2);
  const pairs = roundUp(Math.ceil(d / 2), 4);
  const packed = new Float64Array(pairs * R);
  const plain = new Float64Array(dp * R);
  const partial = new Float64Array(pairs * dp);
  for (let r0 = range.start; r0 < range.end; r0 += R) {
    const count = Math.min(R, range.end - r0);
    onBlock?.(count);
    if (count < R) {
      packed.fill(0);
      plain.fill(0);
    }
    for (let r = 0; r < count; r++) {
      const base = (r0 + r) * d;
      // Panels: feature i at plain[(i >> 1)·2R + 2r + (i & 1)], packed row m at
      // packed[(m >> 2)·4R + 4r + (m & 3)].
      for (let i = 0; i < d; i++) plain[(i >> 1) * 2 * R + 2 * r + (i & 1)] = data[base + i]!;
      for (let m = 0; 2 * m < d; m++) {
        const high = 2 * m + 1 < d ? data[base + 2 * m + 1]! : 0;
        packed[(m >> 2) * 4 * R + 4 * r + (m & 3)] = data[base + 2 * m]! + SHIFT * high;
      }
    }
    partial.fill(0);
    // Packed rows m … m+3 hold features 2m … 2m+7: pair them with features from 2m upwards.
    for (let m = 0; m < pairs; m += 4) {
      for (let j = 2 * m; j < dp; j += 2) panelTile(packed, plain, R, partial, dp, m, j);
    }
    for (let m = 0; m < pairs && 2 * m < d; m++) {
      for (let j = 2 * m; j < d; j++) {
        const sum = partial[m * dp + j]!;
        const high = Math.floor(sum / SHIFT);
        gram[2 * m * stride + j]! += sum - high * SHIFT;
        if (2 * m + 1 < d) gram[(2 * m + 1) * stride + j]! += high;
      }
    }
  }
}
