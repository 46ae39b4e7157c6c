import type { Loss } from './loss.js';
import { assertFinite } from './loss.js';

/** The mean over every element of `(output - target)²`, for regression. */
export function meanSquaredError(): Loss {
  return {
    name: 'mse',
    task: 'regression',
    targetWidth: (outputSize) => outputSize,
    validateTargets(targets) {
      assertFinite(targets, 'targets');
    },
    compute(output, targets) {
      const n = output.length;
      const gradient = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const d = output[i]! - targets[i]!;
        total += d * d;
        gradient[i] = (2 * d) / n;
      }
      return { loss: total / n, gradient };
    },
  };
}
