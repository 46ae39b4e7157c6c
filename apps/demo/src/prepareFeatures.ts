import { type DataSplit, type Dataset, getSplit, reshape, type Seed } from '@qstore/core';
import { applySplit, Pca, Scaler, stratifiedSplit } from '@qstore/data';

/** Options of {@link prepareFeatures}. */
export interface PrepareFeaturesOptions {
  /** Features after PCA: one per qubit. */
  features: number;
  trainSamples: number;
  testSamples: number;
  seed: Seed;
}

/** Model-ready splits and the fitted preprocessing. */
export interface PreparedFeatures {
  readonly train: DataSplit;
  readonly test: DataSplit;
  /** The test rows before PCA and scaling (flattened pixels), for checking a reloaded model. */
  readonly rawTest: DataSplit;
  readonly pca: Pca;
  readonly scaler: Scaler;
}

/** A stratified subset of `count` samples of a split (all of it when it is not larger). */
function stratifiedSubset(split: DataSplit, count: number, seed: Seed): DataSplit {
  const rows = split.x.shape[0] ?? 0;
  if (count >= rows) return split;
  const chosen = stratifiedSplit({
    labels: split.y!,
    ratios: { train: count / rows, test: 1 - count / rows },
    seed,
  });
  return applySplit(split, chosen)['train']!;
}

/**
 * Draws stratified train/test subsets, flattens images to rows, fits PCA to `features`
 * components and a z-score scaler on the training rows only, and applies both to train and test:
 * the test split never informs any fitted step.
 */
export function prepareFeatures(
  dataset: Dataset,
  options: PrepareFeaturesOptions,
): PreparedFeatures {
  const flat = (split: DataSplit): DataSplit => ({
    x: reshape(split.x, [split.x.shape[0] ?? 0, -1]),
    ...(split.y === undefined ? {} : { y: split.y }),
  });
  const train = flat(
    stratifiedSubset(getSplit(dataset, 'train'), options.trainSamples, options.seed),
  );
  const test = flat(stratifiedSubset(getSplit(dataset, 'test'), options.testSamples, options.seed));
  const pca = Pca.fit(train.x, { nComponents: options.features, seed: options.seed });
  const scaler = Scaler.fit(pca.transform(train.x), { method: 'zscore' });
  const reduce = (split: DataSplit): DataSplit => ({
    x: scaler.transform(pca.transform(split.x)),
    y: split.y!,
  });
  return { train: reduce(train), test: reduce(test), rawTest: test, pca, scaler };
}
