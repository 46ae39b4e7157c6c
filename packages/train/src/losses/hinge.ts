import type { Loss } from './loss.js';
import { assertLabels } from './loss.js';

/**
 * The binary hinge loss `mean(max(0, 1 - y·f))` with labels 0/1 (read as -1/+1) or -1/+1, for
 * margin classifiers such as a quantum classifier with a ⟨Z⟩ read-out.
 */
export function hinge(): Loss {
  return {
    name: 'hinge',
    task: 'binary',
    targetWidth: (outputSize) => outputSize,
    validateTargets(targets) {
      assertLabels(targets, (v) => v === 0 || v === 1 || v === -1, '-1, 0 or 1');
    },
    compute(output, targets) {
      const n = output.length;
      const gradient = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const y = targets[i]! > 0 ? 1 : -1;
        const margin = 1 - y * output[i]!;
        if (margin > 0) {
          total += margin;
          gradient[i] = -y / n;
        }
      }
      return { loss: total / n, gradient };
    },
  };
}
