import { NotFoundError, ValidationError } from './errors.js';
import type { Tensor } from './tensor.js';
import { validateTensor } from './tensor.js';

/** The names a dataset's splits can have. */
export const SPLIT_NAMES = ['train', 'val', 'test'] as const;

/** The name of a dataset split. */
export type SplitName = (typeof SPLIT_NAMES)[number];

/** One split: inputs `x` (first axis = samples) and optional targets `y` with the same sample count. */
export interface DataSplit {
  readonly x: Tensor;
  readonly y?: Tensor;
}

/** One step in how a dataset came to be (loaded, split, normalised, reduced, …). */
export interface LineageStep {
  /** What was done, e.g. `"load"`, `"split"`, `"pca"`. */
  readonly operation: string;
  /** The settings it ran with (seed, ratios, component count, …). */
  readonly params: Readonly<Record<string, unknown>>;
  /** ISO-8601 time of the step. */
  readonly at: string;
}

/** Facts about a dataset that travel with it. */
export interface DatasetMetadata {
  /** The dataset's name, e.g. `"fashion_mnist"`. */
  readonly name: string;
  /** The source adapter it came from, e.g. `"keras"`. */
  readonly source: string;
  /** Class names, index = label, for classification data. */
  readonly classes?: readonly string[];
  /** Free text about the dataset. */
  readonly description?: string;
  /** How the dataset came to be, oldest step first. */
  readonly lineage?: readonly LineageStep[];
  /** Anything else a source knows (URL, revision, licence, …); JSON-serialisable. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A dataset: a train split, optional validation and test splits, and metadata. */
export interface Dataset {
  readonly train: DataSplit;
  readonly val?: DataSplit;
  readonly test?: DataSplit;
  readonly metadata: DatasetMetadata;
}

function checkSplit(split: DataSplit, name: string): void {
  const x = validateTensor(split.x, `${name}.x`);
  if (x.shape.length === 0) {
    throw new ValidationError('SHAPE_MISMATCH', `${name}.x must have a sample axis; got a scalar`);
  }
  if (split.y === undefined) return;
  const y = validateTensor(split.y, `${name}.y`);
  if (y.shape[0] !== x.shape[0]) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${name}: x has ${x.shape[0]} samples but y has ${y.shape[0] ?? 0}; expected the same count`,
      { details: { split: name, xSamples: x.shape[0], ySamples: y.shape[0] } },
    );
  }
}

/**
 * Checks the splits of a dataset (valid tensors, matching sample counts in x and y) and returns it.
 * Throws a `ValidationError` naming the split that is wrong.
 */
export function createDataset(dataset: Dataset): Dataset {
  for (const name of SPLIT_NAMES) {
    const split = dataset[name];
    if (split !== undefined) checkSplit(split, name);
  }
  return dataset;
}

/** A split by name; throws a `NotFoundError` (`NOT_FOUND`) naming the splits the dataset has. */
export function getSplit(dataset: Dataset, name: SplitName): DataSplit {
  const split = dataset[name];
  if (split === undefined) {
    const present = SPLIT_NAMES.filter((n) => dataset[n] !== undefined);
    throw new NotFoundError(
      'NOT_FOUND',
      `dataset "${dataset.metadata.name}" has no ${name} split; it has ${present.join(', ')}`,
    );
  }
  return split;
}

/** The number of samples in a split (default: every split together). */
export function numSamples(dataset: Dataset, split?: SplitName): number {
  const names = split === undefined ? SPLIT_NAMES : [split];
  let total = 0;
  for (const name of names) total += dataset[name]?.x.shape[0] ?? 0;
  return total;
}

/** The shape of one input sample (the train split's x without its sample axis). */
export function inputShape(dataset: Dataset): readonly number[] {
  return dataset.train.x.shape.slice(1);
}
