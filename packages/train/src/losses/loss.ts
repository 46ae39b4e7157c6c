import { ValidationError } from '@qstore/core';
import { SCOPE } from '../internal/errors.js';

/** What kind of targets a loss expects, which also picks the metrics a trainer reports. */
export type LossTask = 'multiclass' | 'binary' | 'regression';

/** The shape of one loss evaluation. */
export interface LossShape {
  readonly batchSize: number;
  /** Model outputs per row. */
  readonly outputSize: number;
}

/** A loss value (mean over the batch) and its gradient with respect to the model output. */
export interface LossResult {
  readonly loss: number;
  readonly gradient: Float64Array;
}

/**
 * A differentiable loss on a batch of model outputs (`batchSize × outputSize`) and targets
 * (`batchSize × targetWidth(outputSize)`).
 */
export interface Loss {
  readonly name: string;
  readonly task: LossTask;
  /** Target values per row: 1 (a class index) for `multiclass`, `outputSize` otherwise. */
  targetWidth(outputSize: number): number;
  /** Throws a `ValidationError` (`LABEL_OUT_OF_RANGE`, `NON_FINITE`) for bad targets. */
  validateTargets(targets: Float64Array, outputSize: number): void;
  compute(output: Float64Array, targets: Float64Array, shape: LossShape): LossResult;
}

/** Throws `NON_FINITE` at the first NaN or infinity in `values`. */
export function assertFinite(values: Float64Array, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) {
      throw new ValidationError('NON_FINITE', `${what} holds ${values[i]} at index ${i}`, {
        scope: SCOPE,
        details: { index: i, value: values[i] },
      });
    }
  }
}

/** Throws `LABEL_OUT_OF_RANGE` for a target that is not one of `allowed`. */
export function assertLabels(
  targets: Float64Array,
  isAllowed: (value: number) => boolean,
  expected: string,
): void {
  assertFinite(targets, 'targets');
  for (let i = 0; i < targets.length; i++) {
    if (!isAllowed(targets[i]!)) {
      throw new ValidationError(
        'LABEL_OUT_OF_RANGE',
        `label ${targets[i]} at index ${i} is outside the class range: expected ${expected}`,
        { scope: SCOPE, details: { index: i, label: targets[i], expected } },
      );
    }
  }
}
