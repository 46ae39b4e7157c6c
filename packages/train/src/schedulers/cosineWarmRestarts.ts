import { baseLr, closedForm } from '../internal/closedForm.js';
import { checkNumber } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link cosineWarmRestarts}. */
export interface CosineWarmRestartsOptions {
  lr: number;
  /** Steps of the first period. */
  t0: number;
  /** Growth factor of each next period. @default 1 */
  tMult?: number;
  /** @default 0 */
  etaMin?: number;
}

/** Cosine annealing restarted every period, periods growing by `tMult` (SGDR; PyTorch's `CosineAnnealingWarmRestarts`). */
export function cosineWarmRestarts(options: CosineWarmRestartsOptions): ClosedFormScheduler {
  const lr = baseLr('cosineWarmRestarts', options.lr);
  const t0 = checkNumber('cosineWarmRestarts t0', options.t0, { min: 1, integer: true });
  const tMult = checkNumber('cosineWarmRestarts tMult', options.tMult ?? 1, {
    min: 1,
    integer: true,
  });
  const etaMin = checkNumber('cosineWarmRestarts etaMin', options.etaMin ?? 0, { min: 0 });
  return closedForm('cosine-warm-restarts', (t) => {
    let tCur = tMult === 1 ? t % t0 : t;
    let period = t0;
    while (tCur >= period) {
      tCur -= period;
      period *= tMult;
    }
    return etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * tCur) / period))) / 2;
  });
}
