import { createDataset, createRng, type Dataset, numRows, type Seed, takeRows } from '@qstore/core';

/**
 * Moves a seeded random `testFraction` of a dataset's train split into a test split.
 * (The demo's own minimal split; `@qstore/data` brings stratified and k-fold splits.)
 */
export function holdOut(dataset: Dataset, testFraction: number, seed: Seed): Dataset {
  const rows = numRows(dataset.train.x);
  const order = createRng(seed).permutation(rows);
  const testCount = Math.round(rows * testFraction);
  const testRows = order.subarray(0, testCount);
  const trainRows = order.subarray(testCount);
  const pick = (indices: Uint32Array) => ({
    x: takeRows(dataset.train.x, indices),
    ...(dataset.train.y === undefined ? {} : { y: takeRows(dataset.train.y, indices) }),
  });
  return createDataset({
    train: pick(trainRows),
    test: pick(testRows),
    metadata: {
      ...dataset.metadata,
      lineage: [
        ...(dataset.metadata.lineage ?? []),
        { operation: 'holdOut', params: { testFraction, seed }, at: new Date(0).toISOString() },
      ],
    },
  });
}
