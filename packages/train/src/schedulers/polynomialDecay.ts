import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link polynomialDecay}. */
export interface PolynomialDecayOptions {
  lr: number;
  /** Steps until the rate reaches 0. @default 5 */
  totalIters?: number;
  /** @default 1 */
  power?: number;
}

/** `lr · (1 - min(t, totalIters)/totalIters)^power` (PyTorch's `PolynomialLR`). */
export function polynomialDecay(options: PolynomialDecayOptions): ClosedFormScheduler {
  const lr = baseLr('polynomialDecay', options.lr);
  const iters = checkNumber('polynomialDecay totalIters', options.totalIters ?? 5, {
    min: 1,
    integer: true,
  });
  const power = checkNumber('polynomialDecay power', options.power ?? 1, { min: 0 });
  return closedForm('polynomial', (t) => lr * (1 - Math.min(iters, t) / iters) ** power);
}
