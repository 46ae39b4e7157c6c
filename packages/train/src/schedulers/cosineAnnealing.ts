import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link cosineAnnealing}. */
export interface CosineAnnealingOptions {
  lr: number;
  /** Steps from `lr` down to `etaMin` (half a period). */
  tMax: number;
  /** @default 0 */
  etaMin?: number;
}

/** `etaMin + (lr - etaMin)·(1 + cos(π·t/tMax))/2` (PyTorch's `CosineAnnealingLR`). */
export function cosineAnnealing(options: CosineAnnealingOptions): ClosedFormScheduler {
  const lr = baseLr('cosineAnnealing', options.lr);
  const tMax = checkNumber('cosineAnnealing tMax', options.tMax, { min: 1, integer: true });
  const etaMin = checkNumber('cosineAnnealing etaMin', options.etaMin ?? 0, { min: 0 });
  return closedForm(
    'cosine',
    (t) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * t) / tMax))) / 2,
  );
}
