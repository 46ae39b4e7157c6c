import { createDataset, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { resplitDataset } from './resplitDataset.js';

const labelled = (labels: number[], offset: number) => ({
  x: tensor(
    Float64Array.from(labels, (_, i) => offset + i),
    [labels.length, 1],
  ),
  y: tensor(Int32Array.from(labels), [labels.length]),
});

describe('resplitDataset', () => {
  it('should pool train and test and keep every sample exactly once, stratified by class', () => {
    const labels = Array.from({ length: 40 }, (_, i) => (i < 30 ? 0 : 1));
    const dataset = createDataset({
      train: labelled(labels.slice(0, 30), 0),
      test: labelled(labels.slice(30), 30),
      metadata: { name: 'toy', source: 'memory' },
    });
    const out = resplitDataset(dataset, { ratios: { train: 0.5, test: 0.5 }, seed: 1 });
    const ids = [...out.train.x.data, ...(out.test?.x.data ?? [])]
      .map(Number)
      .sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const ones = (split: typeof out.train) => [...split.y!.data].filter((v) => v === 1).length;
    expect(ones(out.train)).toBe(5);
    expect(ones(out.test!)).toBe(5);
    expect(out.val).toBeUndefined();
  });

  it('should split unlabelled data by ratios alone', () => {
    const dataset = createDataset({
      train: { x: tensor(new Float32Array(20), [10, 2]) },
      metadata: { name: 'u', source: 'memory' },
    });
    const out = resplitDataset(dataset, { ratios: { train: 0.8, val: 0.2 }, seed: 3 });
    expect([out.train.x.shape, out.val?.x.shape]).toEqual([
      [8, 2],
      [2, 2],
    ]);
    expect(out.metadata.lineage?.at(-1)?.params).toMatchObject({ method: 'ratio', seed: 3 });
  });

  it('should refuse splits whose rows differ in shape or dtype', async () => {
    const dataset = createDataset({
      train: { x: tensor(new Float32Array(4), [2, 2]) },
      test: { x: tensor(new Float64Array(4), [2, 2]) },
      metadata: { name: 'bad', source: 'memory' },
    });
    await expectQStoreError(
      () => resplitDataset(dataset, { ratios: { train: 1 }, seed: 1 }),
      'SHAPE_MISMATCH',
      /cannot pool the splits' inputs/,
    );
  });
});
