import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber, invalidArgument } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link multiStep}. */
export interface MultiStepOptions {
  lr: number;
  /** Increasing steps at which the rate is multiplied by `gamma`. */
  milestones: readonly number[];
  /** @default 0.1 */
  gamma?: number;
}

/** `lr · gamma^(milestones passed)` (PyTorch's `MultiStepLR`). */
export function multiStep(options: MultiStepOptions): ClosedFormScheduler {
  const lr = baseLr('multiStep', options.lr);
  const gamma = checkNumber('multiStep gamma', options.gamma ?? 0.1, { min: 0 });
  const milestones = [...options.milestones];
  milestones.forEach((m, i) => {
    checkNumber('multiStep milestone', m, { min: 1, integer: true });
    if (i > 0 && m <= milestones[i - 1]!)
      throw invalidArgument('multiStep milestones must increase');
  });
  return closedForm('multi-step', (t) => lr * gamma ** milestones.filter((m) => m <= t).length);
}
