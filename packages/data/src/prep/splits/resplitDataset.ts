import {
  allocate,
  createDataset,
  type DataSplit,
  type Dataset,
  type Seed,
  SPLIT_NAMES,
  type Tensor,
  ValidationError,
} from '@qstore/core';
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

function concatRows(parts: readonly Tensor[], what: string): Tensor {
  const first = parts[0]!;
  const rowShape = first.shape.slice(1);
  for (const part of parts) {
    if (part.dtype !== first.dtype || part.shape.slice(1).join() !== rowShape.join()) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `cannot pool the splits' ${what}: expected ${first.dtype}[n, ${rowShape.join(', ')}] in every split, got ${part.dtype}[${part.shape.join(', ')}]`,
        { scope: 'data/splits' },
      );
    }
  }
  const data = allocate(
    first.dtype,
    parts.reduce((sum, part) => sum + part.data.length, 0),
  );
  let offset = 0;
  for (const part of parts) {
    (data as Float64Array).set(part.data as Float64Array, offset);
    offset += part.data.length;
  }
  const rows = parts.reduce((sum, part) => sum + (part.shape[0] ?? 0), 0);
  return { dtype: first.dtype, shape: [rows, ...rowShape], data };
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
  const labelled = splits.every((split) => split.y !== undefined);
  const pooled: DataSplit = {
    x: concatRows(
      splits.map((split) => split.x),
      'inputs',
    ),
    ...(labelled
      ? {
          y: concatRows(
            splits.map((split) => split.y!),
            'labels',
          ),
        }
      : {}),
  };
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
