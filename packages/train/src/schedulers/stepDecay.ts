import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  lr: number;
  /** Steps between decays. */
  stepSize: number;
  /** @default 0.1 */
  gamma?: number;
}

/** `lr · gamma^⌊t / stepSize⌋` (PyTorch's `StepLR`). */
export function stepDecay(options: StepDecayOptions): ClosedFormScheduler {
  const lr = baseLr('stepDecay', options.lr);
  const size = checkNumber('stepDecay stepSize', options.stepSize, { min: 1, integer: true });
  const gamma = checkNumber('stepDecay gamma', options.gamma ?? 0.1, { min: 0 });
  return closedForm('step', (t) => lr * gamma ** Math.floor(t / size));
}
