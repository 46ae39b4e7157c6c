import {
  BLOCK_ROWS,
  type BlockHook,
  type GramTarget,
  type RowRange,
  roundUp,
  tile,
} from './kernels.js';

// Two byte features share one float64: a + b·2^24. Over a block of 128 rows a sum of products
// stays below 2^24 in the low part and 2^47 in the high part, so every product is exact and one
// multiply-add computes two entries of the Gram matrix.
const SHIFT = 2 ** 24;

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
      for (let i = 0; i < d; i++) plain[i * R + r] = data[base + i]!;
      for (let m = 0; 2 * m < d; m++) {
        const high = 2 * m + 1 < d ? data[base + 2 * m + 1]! : 0;
        packed[m * R + r] = data[base + 2 * m]! + SHIFT * high;
      }
    }
    partial.fill(0);
    // Packed rows m … m+3 hold features 2m … 2m+7: pair them with features from 2m upwards.
    for (let m = 0; m < pairs; m += 4) {
      for (let j = 2 * m; j < dp; j += 2) tile(packed, plain, R, partial, dp, m, j);
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
