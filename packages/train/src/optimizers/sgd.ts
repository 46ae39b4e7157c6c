import { checkNumber, invalidArgument } from '../internal/errors.js';
import { decayed, gradientOptimizer } from '../internal/optimizerBase.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link sgd}. */
export interface SgdOptions {
  lr: number;
  /** @default 0 */
  momentum?: number;
  /** @default 0 */
  dampening?: number;
  /** Nesterov momentum (needs `momentum > 0` and no dampening). @default false */
  nesterov?: boolean;
  /** L2 penalty added to the gradient. @default 0 */
  weightDecay?: number;
}

/** Stochastic gradient descent with optional (Nesterov) momentum, as PyTorch's `SGD`. */
export function sgd(options: SgdOptions): Optimizer {
  const momentum = checkNumber('sgd momentum', options.momentum ?? 0, { min: 0 });
  const dampening = checkNumber('sgd dampening', options.dampening ?? 0, { min: 0, max: 1 });
  const weightDecay = checkNumber('sgd weightDecay', options.weightDecay ?? 0, { min: 0 });
  const nesterov = options.nesterov ?? false;
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw invalidArgument('sgd nesterov needs momentum > 0 and zero dampening');
  }
  return gradientOptimizer({
    name: 'sgd',
    lr: options.lr,
    config: { momentum, dampening, nesterov, weightDecay },
    buffers: momentum > 0 ? { momentum: 0 } : {},
    update({ params, grads, step, lr, buffer }) {
      const buf = momentum > 0 ? buffer('momentum') : undefined;
      for (let i = 0; i < params.length; i++) {
        let d = decayed(grads, params, weightDecay, i);
        if (buf !== undefined) {
          buf[i] = step === 1 ? d : momentum * buf[i]! + (1 - dampening) * d;
          d = nesterov ? d + momentum * buf[i]! : buf[i]!;
        }
        params[i] = params[i]! - lr * d;
      }
    },
  });
}
