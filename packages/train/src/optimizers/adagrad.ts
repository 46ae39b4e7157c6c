import { checkNumber } from '../internal/errors.js';
import { decayed, gradientOptimizer } from '../internal/optimizerBase.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link adagrad}. */
export interface AdagradOptions {
  lr: number;
  /** Decay of the learning rate per step: `lr / (1 + (t-1)·lrDecay)`. @default 0 */
  lrDecay?: number;
  /** Starting value of the squared-gradient sum. @default 0 */
  initialAccumulatorValue?: number;
  /** @default 1e-10 */
  eps?: number;
  /** @default 0 */
  weightDecay?: number;
}

/** Adagrad, as PyTorch's `Adagrad`. */
export function adagrad(options: AdagradOptions): Optimizer {
  const lrDecay = checkNumber('adagrad lrDecay', options.lrDecay ?? 0, { min: 0 });
  const initial = checkNumber(
    'adagrad initialAccumulatorValue',
    options.initialAccumulatorValue ?? 0,
    {
      min: 0,
    },
  );
  const eps = checkNumber('adagrad eps', options.eps ?? 1e-10, { min: 0 });
  const weightDecay = checkNumber('adagrad weightDecay', options.weightDecay ?? 0, { min: 0 });
  return gradientOptimizer({
    name: 'adagrad',
    lr: options.lr,
    config: { lrDecay, initialAccumulatorValue: initial, eps, weightDecay },
    buffers: { sum: initial },
    update({ params, grads, step, lr, buffer }) {
      const sum = buffer('sum');
      const clr = lr / (1 + (step - 1) * lrDecay);
      for (let i = 0; i < params.length; i++) {
        const g = decayed(grads, params, weightDecay, i);
        sum[i] = sum[i]! + g * g;
        params[i] = params[i]! - clr * (g / (Math.sqrt(sum[i]!) + eps));
      }
    },
  });
}
