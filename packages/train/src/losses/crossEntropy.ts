import type { Loss } from './loss.js';
import { assertLabels } from './loss.js';

/**
 * Softmax cross-entropy from logits (PyTorch's `CrossEntropyLoss`): targets are class indices
 * `0 … outputSize-1`, the loss is the batch mean of `-log softmax(logits)[label]`.
 */
export function crossEntropy(): Loss {
  return {
    name: 'cross-entropy',
    task: 'multiclass',
    targetWidth: () => 1,
    validateTargets(targets, outputSize) {
      assertLabels(
        targets,
        (v) => Number.isInteger(v) && v >= 0 && v < outputSize,
        `an integer class index in [0, ${outputSize - 1}]`,
      );
    },
    compute(output, targets, { batchSize, outputSize }) {
      const gradient = new Float64Array(output.length);
      let total = 0;
      for (let b = 0; b < batchSize; b++) {
        const row = b * outputSize;
        let max = -Infinity;
        for (let j = 0; j < outputSize; j++) max = Math.max(max, output[row + j]!);
        let sum = 0;
        for (let j = 0; j < outputSize; j++) sum += Math.exp(output[row + j]! - max);
        const logSum = max + Math.log(sum);
        const label = targets[b]!;
        total += logSum - output[row + label]!;
        for (let j = 0; j < outputSize; j++) {
          const p = Math.exp(output[row + j]! - logSum);
          gradient[row + j] = (p - (j === label ? 1 : 0)) / batchSize;
        }
      }
      return { loss: total / batchSize, gradient };
    },
  };
}
