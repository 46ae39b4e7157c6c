import {
  createDataset,
  type DataSplit,
  type Dataset,
  type LineageStep,
  parseWithSchema,
  type Seed,
  SPLIT_NAMES,
  type SplitName,
  type Tensor,
  ValidationError,
} from '@qstore/core';
import type { z } from 'zod';
import { type FittedStep, PREPROCESSING_OPS } from './preprocessingSteps.js';

const SCOPE = 'data/preprocessing';

/** A preprocessing step as a config names it: `{ op: 'normalize', params: { method: 'zscore' } }`. */
export interface PreprocessingStep {
  readonly op: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Steps fitted on training data, in order. */
export interface FittedPreprocessing {
  /** Each step with its validated params and what it learnt. */
  readonly steps: readonly { op: string; params: unknown; state?: unknown }[];
  /** Applies every fitted step in order to features with the training data's layout. */
  transform(x: Tensor): Tensor;
  /** The training features after every step (what `transform` gives for them, computed once). */
  readonly fittedX: Tensor;
}

/**
 * Fits `steps` in order on training features `x` (each step fits on the output of the previous
 * ones), under `seed` for the steps that draw random numbers (randomized PCA). An unknown `op`
 * throws `INVALID_CONFIG` listing the known ones; bad params throw `INVALID_CONFIG` naming them.
 */
export function fitPreprocessing(
  x: Tensor,
  steps: readonly PreprocessingStep[],
  options: { seed: Seed },
): FittedPreprocessing {
  const fitted: { op: string; params: unknown; step: FittedStep }[] = [];
  let current = x;
  for (const [index, { op, params }] of steps.entries()) {
    const kind = PREPROCESSING_OPS[op];
    if (kind === undefined) {
      throw new ValidationError(
        'INVALID_CONFIG',
        `preprocessing[${index}]: unknown step "${op}"; known steps: ${Object.keys(PREPROCESSING_OPS).join(', ')}`,
        { scope: SCOPE, details: { op, index } },
      );
    }
    const parsed = parseWithSchema(kind.params as z.ZodType, params ?? {}, {
      scope: SCOPE,
      what: `preprocessing[${index}] (${op}) params`,
    });
    const step = kind.fit(current, parsed as never, options.seed);
    current = step.transform(current);
    fitted.push({ op, params: parsed, step });
  }
  return {
    steps: fitted.map(({ op, params, step }) =>
      step.state === undefined ? { op, params } : { op, params, state: step.state },
    ),
    transform: (t) => fitted.reduce((value, { step }) => step.transform(value), t),
    fittedX: current,
  };
}

/**
 * Fits `steps` on the train split's features and applies the fitted steps to every split (val and
 * test never influence what is learnt). Each step is recorded in the lineage as a `preprocess`
 * operation with its op, params, seed and fitted state, so that it can be replayed on new data.
 */
export function applyPreprocessing(
  dataset: Dataset,
  steps: readonly PreprocessingStep[],
  options: { seed: Seed },
): Dataset {
  if (steps.length === 0) return dataset;
  const fitted = fitPreprocessing(dataset.train.x, steps, options);
  const at = new Date().toISOString();
  const lineage: LineageStep[] = fitted.steps.map((step) => ({
    operation: 'preprocess',
    params: { ...step, fittedOn: 'train', seed: options.seed },
    at,
  }));
  const splits: { -readonly [K in SplitName]?: DataSplit } = {};
  for (const name of SPLIT_NAMES) {
    const split = dataset[name];
    if (split !== undefined)
      splits[name] = { ...split, x: name === 'train' ? fitted.fittedX : fitted.transform(split.x) };
  }
  return createDataset({
    ...dataset,
    ...splits,
    metadata: {
      ...dataset.metadata,
      lineage: [...(dataset.metadata.lineage ?? []), ...lineage],
    },
  });
}
