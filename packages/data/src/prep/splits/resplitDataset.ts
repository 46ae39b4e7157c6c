import {
  createDataset,
  type DataSplit,
  type Dataset,
  type Seed,
  SPLIT_NAMES,
  ValidationError,
} from '@qstore/core';
import { concatSplits } from '../../internal/concatSplits.js';
import { applySplit } from './indexSplit.js';
import { ratioSplit, type SplitRatiosInput, stratifiedSplit } from './ratioSplits.js';

/** Options of {@link resplitDataset}. */
export interface ResplitOptions {
  /** Train/val/test shares summing to 1. */
  ratios: SplitRatiosInput;
  seed: Seed;
  /**
   * Keep each class's share in every split; needs integer labels `[n]`.
   * @default true when the dataset has 1-D labels
   */
  stratify?: boolean;
}

/**
 * Pools every split of a dataset (train, then val, then test) and splits it again by ratios
 * under a seed, stratified by label when the labels allow. The result records the split in its
 * lineage (method, ratios, seed) so that it can be reproduced or stored.
 */
export function resplitDataset(dataset: Dataset, options: ResplitOptions): Dataset {
  const splits = SPLIT_NAMES.map((name) => dataset[name]).filter(
    (split): split is DataSplit => split !== undefined,
  );
  const pooled = concatSplits(splits);
  const stratify = options.stratify ?? (pooled.y !== undefined && pooled.y.shape.length === 1);
  if (stratify && pooled.y === undefined) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      'stratify needs labels in every split; pass stratify: false',
      {
        scope: 'data/splits',
      },
    );
  }
  const indexSplit = stratify
    ? stratifiedSplit({ labels: pooled.y!, ratios: options.ratios, seed: options.seed })
    : ratioSplit({ nSamples: pooled.x.shape[0] ?? 0, ratios: options.ratios, seed: options.seed });
  const parts = applySplit(pooled, indexSplit);
  if (parts.train === undefined) {
    throw new ValidationError('INVALID_ARGUMENT', 'the train ratio leaves no training samples', {
      scope: 'data/splits',
    });
  }
  const step = {
    operation: 'split',
    params: { method: indexSplit.method, ratios: { ...options.ratios }, seed: options.seed },
    at: new Date().toISOString(),
  };
  return createDataset({
    train: parts.train,
    ...(parts.val === undefined ? {} : { val: parts.val }),
    ...(parts.test === undefined ? {} : { test: parts.test }),
    metadata: { ...dataset.metadata, lineage: [...(dataset.metadata.lineage ?? []), step] },
  });
}
