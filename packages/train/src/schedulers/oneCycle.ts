import { StateError } from '@qstore/core';
import { closedForm } from '../internal/closedForm.js';
import { checkNumber, SCOPE } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link oneCycle}. */
export interface OneCycleOptions {
  maxLr: number;
  /** Steps of the whole cycle (epochs × batches per epoch when stepped per batch). */
  totalSteps: number;
  /** Fraction of the cycle spent increasing. @default 0.3 */
  pctStart?: number;
  /** @default 'cos' */
  annealStrategy?: 'cos' | 'linear';
  /** Starting rate = maxLr / divFactor. @default 25 */
  divFactor?: number;
  /** Final rate = starting rate / finalDivFactor. @default 1e4 */
  finalDivFactor?: number;
  /** Go back down to the starting rate before annealing to the final one. @default false */
  threePhase?: boolean;
}

/** The 1cycle policy (Smith & Topin), PyTorch's `OneCycleLR` without momentum cycling. */
export function oneCycle(options: OneCycleOptions): ClosedFormScheduler {
  const maxLr = checkNumber('oneCycle maxLr', options.maxLr, { min: 0 });
  const total = checkNumber('oneCycle totalSteps', options.totalSteps, { min: 2, integer: true });
  const pct = checkNumber('oneCycle pctStart', options.pctStart ?? 0.3, { min: 0, max: 1 });
  const initial = maxLr / checkNumber('oneCycle divFactor', options.divFactor ?? 25, { min: 1 });
  const min =
    initial / checkNumber('oneCycle finalDivFactor', options.finalDivFactor ?? 1e4, { min: 1 });
  const linear = (options.annealStrategy ?? 'cos') === 'linear';
  const anneal = (start: number, end: number, p: number) =>
    linear ? (end - start) * p + start : end + ((start - end) / 2) * (Math.cos(Math.PI * p) + 1);
  const phases = options.threePhase
    ? [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: 2 * pct * total - 2, from: maxLr, to: initial },
        { end: total - 1, from: initial, to: min },
      ]
    : [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: total - 1, from: maxLr, to: min },
      ];
  return closedForm('one-cycle', (t) => {
    if (t > total) {
      throw new StateError(
        'INVALID_STATE',
        `oneCycle stepped ${t} times, past totalSteps ${total}`,
        {
          scope: SCOPE,
        },
      );
    }
    let start = 0;
    for (const [i, phase] of phases.entries()) {
      if (t <= phase.end || i === phases.length - 1) {
        return anneal(phase.from, phase.to, (t - start) / (phase.end - start));
      }
      start = phase.end;
    }
    return min;
  });
}
