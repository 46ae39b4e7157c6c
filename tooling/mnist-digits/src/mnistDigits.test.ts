import { describe, expect, it } from 'vitest';
import { mnistDigits } from './mnistDigits.js';

describe('mnistDigits', () => {
  it('should give the package digits as 28×28 grey images with int32 labels in digit order', () => {
    const data = mnistDigits();
    const n = data.train.x.shape[0]!;
    expect(n).toBeGreaterThan(9000);
    expect(data.train.x).toMatchObject({ dtype: 'float32', shape: [n, 28, 28] });
    expect(data.train.y).toMatchObject({ dtype: 'int32', shape: [n] });
    const labels = Array.from(data.train.y!.data as Int32Array);
    expect(labels.every((label, i) => i === 0 || label >= labels[i - 1]!)).toBe(true);
    expect(new Set(labels)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const pixels = data.train.x.data as Float32Array;
    expect(Math.min(...pixels.subarray(0, 784 * 10))).toBe(0);
    expect(Math.max(...pixels.subarray(0, 784 * 10))).toBeLessThanOrEqual(1);
    // a real digit has ink: some pixels of the first image are bright
    expect(pixels.subarray(0, 784).filter((v) => v > 0.5).length).toBeGreaterThan(20);
    expect(data.metadata.classes).toEqual([...'0123456789']);
  });

  it('should keep the package numbers exactly as float64 when asked', () => {
    const wide = mnistDigits({ dtype: 'float64' }).train.x;
    const narrow = mnistDigits().train.x;
    expect(wide.dtype).toBe('float64');
    const a = wide.data as Float64Array;
    const b = narrow.data as Float32Array;
    let differ = 0;
    for (let i = 0; i < a.length; i++) if (Math.fround(a[i]!) !== b[i]) differ++;
    expect(a.length).toBe(b.length);
    expect(differ).toBe(0);
  });
});
