import { describe, expect, it } from 'vitest';
import { createDataset, getSplit, inputShape, numSamples } from './dataset.js';
import { isQStoreError } from './errors.js';
import { tensor, zeros } from './tensor.js';

const split = (n: number) => ({ x: zeros([n, 2, 2], 'float32'), y: zeros([n], 'int32') });

describe('createDataset', () => {
  it('should accept consistent splits and report counts and input shape', () => {
    const ds = createDataset({
      train: split(8),
      test: split(2),
      metadata: { name: 'toy', source: 'memory' },
    });
    expect(numSamples(ds)).toBe(10);
    expect(numSamples(ds, 'train')).toBe(8);
    expect(numSamples(ds, 'val')).toBe(0);
    expect(inputShape(ds)).toEqual([2, 2]);
    expect(getSplit(ds, 'test').x.shape[0]).toBe(2);
  });

  it('should reject a split whose x and y sample counts differ, naming the split', () => {
    const bad = { x: zeros([3, 2], 'float32'), y: zeros([4], 'int32') };
    expect(() =>
      createDataset({ train: split(2), val: bad, metadata: { name: 't', source: 'm' } }),
    ).toThrowError(/val: x has 3 samples but y has 4/);
  });

  it('should reject a scalar x and a tensor whose data lies about its shape', () => {
    expect(() =>
      createDataset({
        train: { x: tensor(new Float64Array(1), []) },
        metadata: { name: 't', source: 'm' },
      }),
    ).toThrowError(/sample axis/);
    const lying = { x: { dtype: 'uint8', shape: [10, 10], data: new Uint8Array(5) } } as never;
    expect(() =>
      createDataset({ train: lying, metadata: { name: 't', source: 'm' } }),
    ).toThrowError(/train.x/);
  });
});

describe('getSplit', () => {
  it('should say which splits exist when the one asked for is missing', () => {
    const ds = createDataset({ train: split(1), metadata: { name: 'toy', source: 'memory' } });
    try {
      getSplit(ds, 'val');
      expect.unreachable();
    } catch (error) {
      expect(isQStoreError(error, 'NOT_FOUND')).toBe(true);
      expect((error as Error).message).toMatch(/has no val split; it has train/);
    }
  });
});
