// One-epoch training throughput of a 10 → 64 → 64 → 10 MLP (tanh, relu, cross-entropy, Adam, batch 64,
// float64) in @qstore/train and in PyTorch (Debian's python3-torch, 2 threads), in one run.
// Run: pnpm --filter @qstore/train bench   (or: node --import tsx bench/trainEpoch.ts)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRng } from '@qstore/core';
import { relu, tanh } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';

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
const ours: number[] = [];
let started = 0;
await trainer.fit(
  {
    x: { dtype: 'float64', shape: [SAMPLES, 10], data: x },
    y: { dtype: 'float64', shape: [SAMPLES], data: y },
  },
  {
    epochs: EPOCHS,
    batchSize: BATCH,
    seed: 0,
    callbacks: [
      {
        onEpochBegin: () => {
          started = performance.now();
        },
        onEpochEnd: () => void ours.push(SAMPLES / ((performance.now() - started) / 1000)),
      },
    ],
  },
);

const script = fileURLToPath(new URL('./torchTrainEpoch.py', import.meta.url));
const torch = JSON.parse(
  execFileSync('/usr/bin/python3', [script, String(SAMPLES), String(BATCH), String(EPOCHS)], {
    encoding: 'utf8',
  }),
) as { samplesPerSecond: number[] };

// The first epoch warms up the JIT (ours) and the allocator (torch); report the best of the rest.
const best = (rates: number[]) => Math.max(...rates.slice(1));
const oursBest = best(ours);
const torchBest = best(torch.samplesPerSecond);
console.log(
  `MLP 10-64-64-10, batch ${BATCH}, ${SAMPLES} samples, forward + backward + Adam step, float64`,
);
console.log(
  `@qstore/train: ${oursBest.toFixed(0)} samples/s (epochs: ${ours.map((r) => r.toFixed(0)).join(', ')})`,
);
console.log(
  `torch 1.13:    ${torchBest.toFixed(0)} samples/s (epochs: ${torch.samplesPerSecond.map((r) => r.toFixed(0)).join(', ')})`,
);
console.log(`ratio ours / torch: ${(oursBest / torchBest).toFixed(2)}`);
