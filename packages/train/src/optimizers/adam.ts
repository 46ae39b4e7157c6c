import { checkNumber } from '../internal/errors.js';
import { decayed, gradientOptimizer } from '../internal/optimizerBase.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link adam} and {@link adamW}. */
export interface AdamOptions {
  lr: number;
  /** @default 0.9 */
  beta1?: number;
  /** @default 0.999 */
  beta2?: number;
  /** @default 1e-8 */
  eps?: number;
  /** L2 penalty (`adam`: added to the gradient; `adamW`: decoupled). @default 0 (adamW: 0.01) */
  weightDecay?: number;
  /** Use the running maximum of the second moment. @default false */
  amsgrad?: boolean;
}

function adamFamily(options: AdamOptions, decoupled: boolean): Optimizer {
  const name = decoupled ? 'adamw' : 'adam';
  const beta1 = checkNumber(`${name} beta1`, options.beta1 ?? 0.9, { min: 0, max: 0.999999 });
  const beta2 = checkNumber(`${name} beta2`, options.beta2 ?? 0.999, { min: 0, max: 0.999999 });
  const eps = checkNumber(`${name} eps`, options.eps ?? 1e-8, { min: 0 });
  const weightDecay = checkNumber(
    `${name} weightDecay`,
    options.weightDecay ?? (decoupled ? 0.01 : 0),
    { min: 0 },
  );
  const amsgrad = options.amsgrad ?? false;
  return gradientOptimizer({
    name,
    lr: options.lr,
    config: { beta1, beta2, eps, weightDecay, amsgrad },
    buffers: amsgrad ? { m: 0, v: 0, vMax: 0 } : { m: 0, v: 0 },
    update({ params, grads, step, lr, buffer }) {
      const m = buffer('m');
      const v = buffer('v');
      const vMax = amsgrad ? buffer('vMax') : undefined;
      const stepSize = lr / (1 - beta1 ** step);
      const correction2Sqrt = Math.sqrt(1 - beta2 ** step);
      for (let i = 0; i < params.length; i++) {
        if (decoupled) params[i] = params[i]! * (1 - lr * weightDecay);
        const g = decoupled ? grads[i]! : decayed(grads, params, weightDecay, i);
        m[i] = m[i]! * beta1 + (1 - beta1) * g;
        v[i] = v[i]! * beta2 + (1 - beta2) * g * g;
        let second = v[i]!;
        if (vMax !== undefined) {
          vMax[i] = Math.max(vMax[i]!, second);
          second = vMax[i]!;
        }
        const denom = Math.sqrt(second) / correction2Sqrt + eps;
        params[i] = params[i]! - stepSize * (m[i]! / denom);
      }
    },
  });
}

/** Adam (Kingma & Ba), as PyTorch's `Adam`, with optional AMSGrad and L2 weight decay. */
export function adam(options: AdamOptions): Optimizer {
  return adamFamily(options, false);
}

/** AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), as PyTorch's `AdamW`. */
export function adamW(options: AdamOptions): Optimizer {
  return adamFamily(options, true);
}
