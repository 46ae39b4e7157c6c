import { fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { normalize, Scaler, standardize } from './scaler.js';

const train = fromNested([
  [1, 10, 5],
  [3, 20, 5],
  [5, 60, 5],
]);

describe('Scaler', () => {
  it('should map each feature of the training data onto the feature range', () => {
    const scaled = normalize(train, { featureRange: [-1, 1] });
    expect([...scaled.data]).toEqual([-1, -1, -1, 0, -0.6, -1, 1, 1, -1]);
  });

  it('should standardize to mean 0 and population std 1, leaving constant features at 0', () => {
    const z = standardize(train);
    const column0 = [z.data[0]!, z.data[3]!, z.data[6]!];
    const sd = Math.sqrt(8 / 3);
    expect(column0.map((v) => v * sd)).toEqual([-2, 0, 2].map((v) => expect.closeTo(v, 12)));
    expect([z.data[2], z.data[5], z.data[8]]).toEqual([0, 0, 0]);
  });

  it('should scale rows to unit length with l2 and keep all-zero rows at zero', () => {
    const scaled = normalize(
      fromNested([
        [3, 4],
        [0, 0],
      ]),
      { method: 'l2' },
    );
    expect([...scaled.data]).toEqual([0.6, 0.8, 0, 0]);
  });

  it('should apply the training statistics to new data and invert them', () => {
    const scaler = Scaler.fit(train, { method: 'zscore' });
    const test = fromNested([[7, 0, 6]]);
    const back = scaler.inverseTransform(scaler.transform(test));
    expect([...back.data].map((v) => Number(v.toFixed(12)))).toEqual([7, 0, 6]);
  });

  it('should give the same results after a JSON round trip', () => {
    const scaler = Scaler.fit(train, { featureRange: [0, Math.PI] });
    const restored = Scaler.fromJSON(JSON.parse(JSON.stringify(scaler)));
    expect(restored.transform(train).data).toEqual(scaler.transform(train).data);
    expect(restored.method).toBe('minmax');
    expect(restored.nFeatures).toBe(3);
  });

  it('should accept integer dtypes without copying them first', () => {
    const pixels = tensor(new Uint8Array([0, 255, 51, 0]), [2, 2]);
    expect([...normalize(pixels).data]).toEqual([0, 1, 1, 0]);
  });

  it('should reject bad input with a code', async () => {
    await expectQStoreError(() => Scaler.fit(fromNested([1, 2, 3])), 'SHAPE_MISMATCH', /rank-2/);
    await expectQStoreError(() => Scaler.fit(fromNested([[1, Number.NaN]])), 'NON_FINITE');
    await expectQStoreError(
      () => Scaler.fit(train, { featureRange: [1, 0] }),
      'INVALID_ARGUMENT',
      /low < high/,
    );
    const scaler = Scaler.fit(train);
    await expectQStoreError(() => scaler.transform(fromNested([[1, 2]])), 'SHAPE_MISMATCH');
    await expectQStoreError(
      () => Scaler.fit(train, { method: 'l2' }).inverseTransform(train),
      'INVALID_ARGUMENT',
    );
    const saved = scaler.toJSON();
    await expectQStoreError(
      () => Scaler.fromJSON({ ...saved, scale: [1] }),
      'INVALID_CONFIG',
      /scale/,
    );
    await expectQStoreError(() => Scaler.fromJSON({ kind: 'other' }), 'INVALID_CONFIG');
  });
});
