import { closedForm } from '../internal/closedForm.js';
import { checkNumber, invalidArgument } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link cyclic}. */
export interface CyclicOptions {
  /** The lower bound of each cycle. */
  baseLr: number;
  /** The upper bound of the first cycle. */
  maxLr: number;
  /** Steps from `baseLr` up to `maxLr`. @default 2000 */
  stepSizeUp?: number;
  /** Steps back down. @default stepSizeUp */
  stepSizeDown?: number;
  /** Amplitude policy: constant, halved each cycle, or `gamma^t`. @default 'triangular' */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** Decay of `exp_range`. @default 1 */
  gamma?: number;
}

/** Cyclical learning rates (Smith), PyTorch's `CyclicLR` without momentum cycling; step it per batch. */
export function cyclic(options: CyclicOptions): ClosedFormScheduler {
  const low = checkNumber('cyclic baseLr', options.baseLr, { min: 0 });
  const high = checkNumber('cyclic maxLr', options.maxLr, { min: low });
  const up = checkNumber('cyclic stepSizeUp', options.stepSizeUp ?? 2000, {
    min: 1,
    integer: true,
  });
  const down = checkNumber('cyclic stepSizeDown', options.stepSizeDown ?? up, {
    min: 1,
    integer: true,
  });
  const gamma = checkNumber('cyclic gamma', options.gamma ?? 1, { min: 0 });
  const mode = options.mode ?? 'triangular';
  if (!['triangular', 'triangular2', 'exp_range'].includes(mode)) {
    throw invalidArgument(`cyclic mode must be triangular, triangular2 or exp_range, got ${mode}`);
  }
  const total = up + down;
  const ratio = up / total;
  return closedForm(`cyclic-${mode}`, (t) => {
    const cycle = Math.floor(1 + t / total);
    const x = 1 + t / total - cycle;
    const scale = x <= ratio ? x / ratio : (x - 1) / (ratio - 1);
    const height = (high - low) * scale;
    if (mode === 'triangular') return low + height;
    if (mode === 'triangular2') return low + height * (1 / 2 ** (cycle - 1));
    return low + height * gamma ** t;
  });
}
