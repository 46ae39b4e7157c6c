import { checkNumber } from '../internal/errors.js';

/**
 * Scales `grads` in place so that their L2 norm is at most `maxNorm` (PyTorch's
 * `clip_grad_norm_`, including its `1e-6` guard) and returns the norm before clipping.
 */
export function clipGradNorm(grads: Float64Array, maxNorm: number): number {
  checkNumber('clipNorm', maxNorm, { min: 0, exclusiveMin: true });
  let sum = 0;
  for (let i = 0; i < grads.length; i++) sum += grads[i]! * grads[i]!;
  const norm = Math.sqrt(sum);
  const coef = Math.min(maxNorm / (norm + 1e-6), 1);
  if (coef < 1) for (let i = 0; i < grads.length; i++) grads[i] = grads[i]! * coef;
  return norm;
}

/** Clamps every gradient into `[-maxValue, maxValue]` in place (PyTorch's `clip_grad_value_`). */
export function clipGradValue(grads: Float64Array, maxValue: number): void {
  checkNumber('clipValue', maxValue, { min: 0, exclusiveMin: true });
  for (let i = 0; i < grads.length; i++) {
    grads[i] = Math.min(maxValue, Math.max(-maxValue, grads[i]!));
  }
}
