import { createRng, fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Scaler } from '../preprocessing/scaler.js';
import { amplitudeEncode } from './amplitudeEncode.js';
import { ANGLE_RANGES, angleEncode } from './angleEncode.js';
import { basisEncode } from './basisEncode.js';

function randomMatrix(rows: number, cols: number, seed: number, scale = 1): Float64Array {
  const rng = createRng(seed);
  return Float64Array.from({ length: rows * cols }, () => rng.normal() * scale);
}

describe('amplitudeEncode', () => {
  it('should pad to 2^n and give every row unit norm to 1e-12', () => {
    for (const scale of [1e-150, 1, 1e150]) {
      const x = tensor(randomMatrix(200, 11, 1, scale), [200, 11]);
      const encoded = amplitudeEncode(x);
      expect(encoded.shape).toEqual([200, 16]);
      for (let r = 0; r < 200; r++) {
        const row = encoded.data.subarray(r * 16, (r + 1) * 16);
        const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
        expect(Math.abs(norm - 1)).toBeLessThanOrEqual(1e-12);
        expect([...row.subarray(11)]).toEqual([0, 0, 0, 0, 0]);
      }
    }
  });

  it('should use the register size it is given', () => {
    expect(amplitudeEncode(fromNested([[3, 4]]), { nQubits: 3 }).shape).toEqual([1, 8]);
  });

  it('should reject all-zero rows, NaN, too many features and a bad qubit count', async () => {
    await expectQStoreError(
      () =>
        amplitudeEncode(
          fromNested([
            [1, 0],
            [0, 0],
          ]),
        ),
      'INVALID_ARGUMENT',
      /row 1 is all zeros/,
    );
    await expectQStoreError(() => amplitudeEncode(fromNested([[1, Number.NaN]])), 'NON_FINITE');
    await expectQStoreError(
      () => amplitudeEncode(tensor(new Float64Array(9).fill(1), [1, 9]), { nQubits: 3 }),
      'SHAPE_MISMATCH',
      /at most 8/,
    );
    await expectQStoreError(
      () => amplitudeEncode(fromNested([[1]]), { nQubits: 0 }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(() => amplitudeEncode(fromNested([1, 2])), 'SHAPE_MISMATCH');
  });
});

describe('angleEncode', () => {
  it('should place every angle in the declared range, for training and unseen data', () => {
    const train = tensor(randomMatrix(100, 4, 2, 5), [100, 4]);
    for (const range of ['zeroToPi', 'symmetric'] as const) {
      const [low, high] = ANGLE_RANGES[range];
      const scaler = Scaler.fit(train, { featureRange: [low, high] });
      const unseen = tensor(randomMatrix(100, 4, 3, 10), [100, 4]);
      for (const encoded of [
        angleEncode(train, { range }),
        angleEncode(unseen, { range, scaler }),
      ]) {
        expect(Math.min(...encoded.data)).toBeGreaterThanOrEqual(low);
        expect(Math.max(...encoded.data)).toBeLessThanOrEqual(high);
      }
      const own = angleEncode(train, { range });
      expect(Math.min(...own.data)).toBe(low);
      expect(Math.max(...own.data)).toBeCloseTo(high, 12);
    }
  });

  it('should reject a scaler of another range and too many features', async () => {
    const x = fromNested([
      [0, 1],
      [1, 2],
    ]);
    await expectQStoreError(
      () => angleEncode(x, { scaler: Scaler.fit(x) }),
      'INVALID_ARGUMENT',
      /featureRange/,
    );
    await expectQStoreError(() => angleEncode(x, { nQubits: 1 }), 'SHAPE_MISMATCH');
  });
});

describe('basisEncode', () => {
  it('should binarise with the threshold', () => {
    const out = basisEncode(
      fromNested([
        [0.2, 0.5, 0.9],
        [3, -1, 0.51],
      ]),
    );
    expect(out.dtype).toBe('uint8');
    expect([...out.data]).toEqual([0, 0, 1, 1, 0, 1]);
    expect([...basisEncode(fromNested([[0.2, 0.5]]), { threshold: 0.1 }).data]).toEqual([1, 1]);
  });
});
