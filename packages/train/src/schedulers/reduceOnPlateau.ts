import { checkNumber, checkpointMismatch, invalidArgument } from '../internal/errors.js';
import type { LrScheduler, SchedulerState } from './scheduler.js';

/** Options of {@link reduceOnPlateau}. */
export interface ReduceOnPlateauOptions {
  lr: number;
  /** Whether the monitored metric should go down or up. @default 'min' */
  mode?: 'min' | 'max';
  /** @default 0.1 */
  factor?: number;
  /** Steps without improvement before reducing. @default 10 */
  patience?: number;
  /** @default 1e-4 */
  threshold?: number;
  /** @default 'rel' */
  thresholdMode?: 'rel' | 'abs';
  /** Steps to wait after a reduction. @default 0 */
  cooldown?: number;
  /** @default 0 */
  minLr?: number;
  /** Reductions smaller than this are skipped. @default 1e-8 */
  eps?: number;
}

/** Reduces the rate by `factor` when the metric passed to `step` stops improving (PyTorch's `ReduceLROnPlateau`). */
export function reduceOnPlateau(options: ReduceOnPlateauOptions): LrScheduler {
  const mode = options.mode ?? 'min';
  const thresholdMode = options.thresholdMode ?? 'rel';
  const factor = checkNumber('reduceOnPlateau factor', options.factor ?? 0.1, {
    min: 0,
    max: 0.999999,
  });
  const patience = checkNumber('reduceOnPlateau patience', options.patience ?? 10, {
    min: 0,
    integer: true,
  });
  const threshold = checkNumber('reduceOnPlateau threshold', options.threshold ?? 1e-4, { min: 0 });
  const cooldown = checkNumber('reduceOnPlateau cooldown', options.cooldown ?? 0, {
    min: 0,
    integer: true,
  });
  const minLr = checkNumber('reduceOnPlateau minLr', options.minLr ?? 0, { min: 0 });
  const eps = checkNumber('reduceOnPlateau eps', options.eps ?? 1e-8, { min: 0 });
  let s = {
    lr: checkNumber('reduceOnPlateau lr', options.lr, { min: 0 }),
    t: 0,
    bad: 0,
    cooldownLeft: 0,
  };
  let best = mode === 'min' ? Infinity : -Infinity;
  const isBetter = (a: number) => {
    if (mode === 'min')
      return thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  };
  return {
    name: 'reduce-on-plateau',
    get lr() {
      return s.lr;
    },
    step(metric) {
      if (metric === undefined || Number.isNaN(metric)) {
        throw invalidArgument('reduceOnPlateau.step needs the monitored metric');
      }
      s.t += 1;
      if (isBetter(metric)) {
        best = metric;
        s.bad = 0;
      } else {
        s.bad += 1;
      }
      if (s.cooldownLeft > 0) {
        s.cooldownLeft -= 1;
        s.bad = 0;
      }
      if (s.bad > patience) {
        const next = Math.max(s.lr * factor, minLr);
        if (s.lr - next > eps) s.lr = next;
        s.cooldownLeft = cooldown;
        s.bad = 0;
      }
      return s.lr;
    },
    getState: (): SchedulerState => ({
      name: 'reduce-on-plateau',
      t: s.t,
      extra: { lr: s.lr, bad: s.bad, cooldownLeft: s.cooldownLeft, best },
    }),
    setState(raw) {
      const state = raw as Partial<SchedulerState> | null;
      const extra = state?.extra;
      if (state?.name !== 'reduce-on-plateau' || extra === undefined) {
        throw checkpointMismatch(
          `scheduler state is for ${String(state?.name)}, not reduce-on-plateau`,
        );
      }
      s = {
        lr: extra['lr']!,
        t: state.t ?? 0,
        bad: extra['bad']!,
        cooldownLeft: extra['cooldownLeft']!,
      };
      best = extra['best'] ?? best;
    },
  };
}
