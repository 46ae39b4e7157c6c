import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  lr: number;
  gamma: number;
}

/** `lr · gamma^t` (PyTorch's `ExponentialLR`). */
export function exponentialDecay(options: ExponentialDecayOptions): ClosedFormScheduler {
  const lr = baseLr('exponentialDecay', options.lr);
  const gamma = checkNumber('exponentialDecay gamma', options.gamma, { min: 0 });
  return closedForm('exponential', (t) => lr * gamma ** t);
}
