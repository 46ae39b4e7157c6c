import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link linearWarmup}. */
export interface LinearWarmupOptions {
  lr: number;
  /** @default 1/3 */
  startFactor?: number;
  /** @default 1 */
  endFactor?: number;
  /** Steps of the ramp. @default 5 */
  totalIters?: number;
}

/** A linear ramp of the factor from `startFactor` to `endFactor` over `totalIters` steps (PyTorch's `LinearLR`). */
export function linearWarmup(options: LinearWarmupOptions): ClosedFormScheduler {
  const lr = baseLr('linearWarmup', options.lr);
  const start = checkNumber('linearWarmup startFactor', options.startFactor ?? 1 / 3, {
    min: 0,
    max: 1,
    exclusiveMin: true,
  });
  const end = checkNumber('linearWarmup endFactor', options.endFactor ?? 1, { min: 0, max: 1 });
  const iters = checkNumber('linearWarmup totalIters', options.totalIters ?? 5, {
    min: 1,
    integer: true,
  });
  return closedForm(
    'linear-warmup',
    (t) => lr * (start + ((end - start) * Math.min(iters, t)) / iters),
  );
}

/** Options of {@link constantWarmup}. */
export interface ConstantWarmupOptions {
  lr: number;
  /** @default 1/3 */
  factor?: number;
  /** @default 5 */
  totalIters?: number;
}

/** `lr · factor` for the first `totalIters` steps, then `lr` (PyTorch's `ConstantLR`). */
export function constantWarmup(options: ConstantWarmupOptions): ClosedFormScheduler {
  const lr = baseLr('constantWarmup', options.lr);
  const factor = checkNumber('constantWarmup factor', options.factor ?? 1 / 3, { min: 0, max: 1 });
  const iters = checkNumber('constantWarmup totalIters', options.totalIters ?? 5, {
    min: 1,
    integer: true,
  });
  return closedForm('constant-warmup', (t) => (t < iters ? lr * factor : lr));
}
