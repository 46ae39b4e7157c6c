import type { Logs } from '@qstore/core';
import type { LossTask } from '../losses/loss.js';
import { predictClasses } from '../metrics/classificationReport.js';

/** Running sums over an epoch's batches, serialisable for checkpoints. */
export type EpochTotals = Record<string, number>;

/** Fresh totals. */
export function emptyTotals(): EpochTotals {
  return { lossSum: 0, correct: 0, samples: 0, targets: 0 };
}

/** Correct predictions in a batch: arg-max for multiclass, sign for binary; none for regression. */
export function countCorrect(
  output: Float64Array,
  targets: Float64Array,
  shape: { task: LossTask; outputSize: number },
): number {
  if (shape.task === 'regression') return 0;
  if (shape.task === 'multiclass') {
    const predicted = predictClasses(output, shape.outputSize);
    let hits = 0;
    for (let i = 0; i < predicted.length; i++) if (predicted[i] === targets[i]) hits++;
    return hits;
  }
  let hits = 0;
  for (let i = 0; i < output.length; i++) if (output[i]! > 0 === targets[i]! > 0) hits++;
  return hits;
}

/** Adds one batch to the totals. */
export function addBatch(
  totals: EpochTotals,
  batch: { loss: number; correct: number; samples: number; targets: number },
): void {
  totals['lossSum']! += batch.loss * batch.samples;
  totals['correct']! += batch.correct;
  totals['samples']! += batch.samples;
  totals['targets']! += batch.targets;
}

/** `loss` (sample-weighted mean) and, for classification, `accuracy`, with a key prefix. */
export function totalsToLogs(totals: EpochTotals, task: LossTask, prefix = ''): Logs {
  const logs: Record<string, number> = {
    [`${prefix}loss`]: totals['lossSum']! / Math.max(1, totals['samples']!),
  };
  if (task !== 'regression') {
    logs[`${prefix}accuracy`] = totals['correct']! / Math.max(1, totals['targets']!);
  }
  return logs;
}
