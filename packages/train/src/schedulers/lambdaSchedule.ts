import { baseLr, closedForm } from '../internal/closedForm.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link lambdaSchedule}. */
export interface LambdaScheduleOptions {
  lr: number;
  /** The factor applied to `lr` at step `t`. Not serialised: pass the same function on resume. */
  factor: (t: number) => number;
}

/** `lr · factor(t)` for any user function (PyTorch's `LambdaLR`). */
export function lambdaSchedule(options: LambdaScheduleOptions): ClosedFormScheduler {
  const lr = baseLr('lambdaSchedule', options.lr);
  return closedForm('lambda', (t) => lr * options.factor(t));
}
