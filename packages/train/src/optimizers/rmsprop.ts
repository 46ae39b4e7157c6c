import { checkNumber } from '../internal/errors.js';
import { decayed, gradientOptimizer } from '../internal/optimizerBase.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link rmsprop}. */
export interface RmspropOptions {
  lr: number;
  /** Smoothing of the squared-gradient average. @default 0.99 */
  alpha?: number;
  /** @default 1e-8 */
  eps?: number;
  /** @default 0 */
  momentum?: number;
  /** Normalise by the variance instead of the second moment. @default false */
  centered?: boolean;
  /** @default 0 */
  weightDecay?: number;
}

/** RMSprop, as PyTorch's `RMSprop` (optionally centered, with momentum). */
export function rmsprop(options: RmspropOptions): Optimizer {
  const alpha = checkNumber('rmsprop alpha', options.alpha ?? 0.99, { min: 0, max: 1 });
  const eps = checkNumber('rmsprop eps', options.eps ?? 1e-8, { min: 0 });
  const momentum = checkNumber('rmsprop momentum', options.momentum ?? 0, { min: 0 });
  const weightDecay = checkNumber('rmsprop weightDecay', options.weightDecay ?? 0, { min: 0 });
  const centered = options.centered ?? false;
  return gradientOptimizer({
    name: 'rmsprop',
    lr: options.lr,
    config: { alpha, eps, momentum, centered, weightDecay },
    buffers: {
      square: 0,
      ...(centered ? { mean: 0 } : {}),
      ...(momentum > 0 ? { momentum: 0 } : {}),
    },
    update({ params, grads, lr, buffer }) {
      const square = buffer('square');
      const mean = centered ? buffer('mean') : undefined;
      const buf = momentum > 0 ? buffer('momentum') : undefined;
      for (let i = 0; i < params.length; i++) {
        const g = decayed(grads, params, weightDecay, i);
        square[i] = square[i]! * alpha + (1 - alpha) * g * g;
        let avg: number;
        if (mean !== undefined) {
          mean[i] = mean[i]! * alpha + (1 - alpha) * g;
          avg = Math.sqrt(square[i]! - mean[i]! * mean[i]!) + eps;
        } else {
          avg = Math.sqrt(square[i]!) + eps;
        }
        if (buf !== undefined) {
          buf[i] = buf[i]! * momentum + g / avg;
          params[i] = params[i]! - lr * buf[i]!;
        } else {
          params[i] = params[i]! - lr * (g / avg);
        }
      }
    },
  });
}
