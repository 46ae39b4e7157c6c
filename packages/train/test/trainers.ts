import type { DataSplit } from '@qstore/core';
import { lambdaCallback } from '../src/callbacks/lambdaCallback.js';
import { relu } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import type { Optimizer } from '../src/optimizers/optimizer.js';
import { QuantumTrainer, type QuantumTrainerOptions } from '../src/quantumTrainer.js';
import { lambdaSchedule } from '../src/schedulers/lambdaSchedule.js';
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

/**
 * A trainer that learns for 3 epochs and then stops moving (the rate drops to 0), for plateau
 * tests; {@link flipLastLayer} makes its epoch 3 clearly worse than epoch 2.
 */
export function plateauTrainer() {
  return smallTrainer(adam({ lr: 0.05 }), {
    scheduler: lambdaSchedule({ lr: 0.05, factor: (t) => (t < 3 ? 1 : 0) }),
  });
}

/** A callback that negates the last layer's parameters at the start of `epoch`. */
export function flipLastLayer(trainer: QuantumTrainer, epoch = 3) {
  return lambdaCallback({
    onEpochBegin: (current) => {
      if (current !== epoch) return;
      const last = trainer.model.params.subarray(40);
      for (let i = 0; i < last.length; i++) last[i] = -last[i]!;
    },
  });
}
