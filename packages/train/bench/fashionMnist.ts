// Real Fashion-MNIST from Debian's `dataset-fashion-mnist` (the four IDX files), prepared exactly
// like the demo (`apps/demo/src/prepareFeatures.ts`): stratified train/test subsets (seed 42), images
// flattened to rows. No download: a missing directory is an error that says what to install.
import { dirname } from 'node:path';
import { type DataSplit, getSplit, isQStoreError, reshape } from '@qstore/core';
import { applySplit, loadDataset, stratifiedSplit } from '@qstore/data';

/** Where Debian's `dataset-fashion-mnist` package puts the IDX files. */
const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';

/** A stratified subset of `count` rows of a split (all of it when it is not larger), flattened. */
function subset(split: DataSplit, count: number, seed: number): DataSplit {
  const rows = split.x.shape[0] ?? 0;
  const chosen =
    count >= rows
      ? split
      : applySplit(
          split,
          stratifiedSplit({
            labels: split.y!,
            ratios: { train: count / rows, test: 1 - count / rows },
            seed,
          }),
        )['train']!;
  return { x: reshape(chosen.x, [chosen.x.shape[0] ?? 0, -1]), y: chosen.y! };
}

/** Fashion-MNIST train and test rows (28 × 28 grey levels as 784 columns), float64 labels 0–9. */
export async function fashionMnist(options: {
  trainSamples: number;
  testSamples: number;
  seed: number;
}): Promise<{ train: DataSplit; test: DataSplit }> {
  // Debian's package holds Keras' own files under Keras' folder name: read it as a Keras cache.
  const dataset = await loadDataset({
    source: 'keras',
    name: 'fashion_mnist',
    cacheDir: dirname(DEBIAN_DIR),
    sourceParams: { offline: true },
  }).catch((error: unknown) => {
    if (isQStoreError(error, 'OFFLINE'))
      throw new Error(`no Fashion-MNIST in ${DEBIAN_DIR}: apt-get install dataset-fashion-mnist`);
    throw error;
  });
  return {
    train: subset(getSplit(dataset, 'train'), options.trainSamples, options.seed),
    test: subset(getSplit(dataset, 'test'), options.testSamples, options.seed),
  };
}
