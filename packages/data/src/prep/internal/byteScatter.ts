import { addUpperTriangle, gramKernel } from './gramKernel.js';
import { type BlockHook, type GramTarget, type RowRange, roundUp } from './kernels.js';

/** Samples per block handed to the kernel (a multiple of 8; int32 lanes stay exact below 2^17). */
const WASM_ROWS = 512;
const TRANSPOSE_ROWS = 16;

/**
 * Adds the Gram matrix `XᵀX` of rows `range` of uint8 data (row-major, `d` features) to the
 * upper triangle of `target.gram`, exactly: every sum is an integer below 2^53, so the result does
 * not depend on how the rows are split. Blocks of 512 samples are transposed to int16 and
 * multiplied by a WebAssembly SIMD kernel (8 multiply-adds per instruction, in int32 lanes).
 */
export function byteGram(
  data: Uint8Array,
  d: number,
  range: RowRange,
  target: GramTarget,
  onBlock?: BlockHook,
): void {
  const R = WASM_ROWS;
  const dp = roundUp(d, 4);
  const blockBytes = dp * R * 2;
  const kernel = gramKernel(blockBytes + dp * dp * 8);
  const block = new Int16Array(kernel.memory.buffer, 0, dp * R);
  const sums = new Float64Array(kernel.memory.buffer, blockBytes, dp * dp);
  for (let r0 = range.start; r0 < range.end; r0 += R) {
    const count = Math.min(R, range.end - r0);
    onBlock?.(count);
    if (count < R) block.fill(0);
    // Transposed a few samples at a time, so that reads and writes both stay in cache.
    for (let rs = 0; rs < count; rs += TRANSPOSE_ROWS) {
      const re = Math.min(count, rs + TRANSPOSE_ROWS);
      for (let i = 0; i < d; i++) {
        for (let r = rs, at = (r0 + rs) * d + i; r < re; r++, at += d) block[i * R + r] = data[at]!;
      }
    }
    kernel.gram(0, R, dp, blockBytes, dp);
  }
  addUpperTriangle(sums, dp, d, target);
}
