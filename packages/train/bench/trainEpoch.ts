// One-epoch training throughput of a 10 → 64 → 64 → 10 MLP (tanh, relu, cross-entropy, Adam, batch 64,
// float64) in @qstore/train and in PyTorch (Debian's python3-torch, 2 threads), in one run.
// Run: pnpm --filter @qstore/train bench   (or: node --import tsx bench/trainEpoch.ts)
import { createRng } from '@qstore/core';
import { relu, tanh } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';
import { oursSamplesPerSecond, printComparison, torchSamplesPerSecond } from './epochThroughput.js';

const SAMPLES = 8000;
const BATCH = 64;
const EPOCHS = 4;

const rng = createRng(0);
const x = Float64Array.from({ length: SAMPLES * 10 }, () => rng.normal());
const y = Float64Array.from({ length: SAMPLES }, () => rng.int(0, 10));
const model = sequential(
  [dense({ units: 64 }), tanh(), dense({ units: 64 }), relu(), dense({ units: 10 })],
  {
    inputSize: 10,
    seed: 0,
  },
);
const trainer = new QuantumTrainer({ model, loss: crossEntropy(), optimizer: adam({ lr: 1e-3 }) });
const train = {
  x: { dtype: 'float64' as const, shape: [SAMPLES, 10], data: x },
  y: { dtype: 'float64' as const, shape: [SAMPLES], data: y },
};
const ours = await oursSamplesPerSecond(trainer, train, { epochs: EPOCHS, batchSize: BATCH });
const torch = torchSamplesPerSecond('torchTrainEpoch.py', [SAMPLES, BATCH, EPOCHS]);
printComparison(
  `MLP 10-64-64-10, batch ${BATCH}, ${SAMPLES} samples, forward + backward + Adam step, float64`,
  ours,
  torch,
);
