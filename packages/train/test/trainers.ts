import type { DataSplit } from '@qstore/core';
import { relu } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import type { Optimizer } from '../src/optimizers/optimizer.js';
import { QuantumTrainer, type QuantumTrainerOptions } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';
import { blobs } from './blobs.js';

/** The training and validation splits the callback tests share. */
export const data: { train: DataSplit; validation: DataSplit } = {
  train: blobs({ samples: 90, seed: 1, spread: 1 }),
  validation: blobs({ samples: 30, seed: 2, spread: 1 }),
};

/** A small 4 → 8 → 3 classifier trainer. */
export function smallTrainer(optimizer: Optimizer, extra: Partial<QuantumTrainerOptions> = {}) {
  const model = sequential([dense({ units: 8 }), relu(), dense({ units: 3 })], {
    inputSize: 4,
    seed: 2,
  });
  return new QuantumTrainer({ model, loss: crossEntropy(), optimizer, ...extra });
}
