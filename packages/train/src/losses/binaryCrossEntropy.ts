import type { Loss } from './loss.js';
import { assertLabels } from './loss.js';

/**
 * Binary cross-entropy from logits (PyTorch's `BCEWithLogitsLoss`), stable for large logits:
 * targets are 0 or 1 per output, the loss is the mean over every element.
 */
export function binaryCrossEntropy(): Loss {
  return {
    name: 'binary-cross-entropy',
    task: 'binary',
    targetWidth: (outputSize) => outputSize,
    validateTargets(targets) {
      assertLabels(targets, (v) => v === 0 || v === 1, '0 or 1');
    },
    compute(output, targets) {
      const n = output.length;
      const gradient = new Float64Array(n);
      let total = 0;
      for (let i = 0; i < n; i++) {
        const z = output[i]!;
        const y = targets[i]!;
        total += Math.max(z, 0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
        gradient[i] = (1 / (1 + Math.exp(-z)) - y) / n;
      }
      return { loss: total / n, gradient };
    },
  };
}
