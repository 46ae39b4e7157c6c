import { expect } from 'vitest';

/**
 * Asserts `|a - b| <= rel · scale` element-wise, where `scale` is the largest magnitude in the
 * expected vector: an element that cancels to ~1e-18 is compared at the vector's scale, since
 * PyTorch's fused multiply-adds and ours may round such a cancellation differently.
 */
export function expectRelClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  rel = 1e-12,
) {
  expect(actual.length).toBe(expected.length);
  let scale = 0;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]!));
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const b = expected[i]!;
    if (!(Math.abs(a - b) <= rel * scale)) {
      throw new Error(
        `element ${i}: ${a} vs expected ${b} (error ${Math.abs(a - b)}, scale ${scale})`,
      );
    }
  }
}
