// One-epoch training throughput of the reference hybrid model in @qstore/train and in a
// PyTorch implementation of the same state-vector math (bench/torchQuantumEpoch.py, Debian's
// python3-torch, 2 threads, complex128 autograd), in one run.
// Model: RY(x_i) angle encoding on 10 qubits, 4 strongly entangling layers, ⟨Z_i⟩ read-out,
// dense(10 → 10), cross-entropy, Adam (lr 0.01), batch 64, float64 throughout.
// Run: pnpm --filter @qstore/train bench:quantum   (or: node --import tsx bench/quantumEpoch.ts)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createRng } from '@qstore/core';
import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';

const SAMPLES = 4096;
const BATCH = 64;
const EPOCHS = 3;
const QUBITS = 10;
const LAYERS = 4;

const rng = createRng(0);
const x = Float64Array.from({ length: SAMPLES * QUBITS }, () => rng.normal());
const y = Float64Array.from({ length: SAMPLES }, () => rng.int(0, 10));
const model = sequential(
  [
    quantumLayer({ qubits: QUBITS, layers: LAYERS, encoding: 'angle-y', observables: 'z' }),
    dense({ units: 10 }),
  ],
  { inputSize: QUBITS, seed: 0 },
);
const trainer = new QuantumTrainer({ model, loss: crossEntropy(), optimizer: adam({ lr: 0.01 }) });
const ours: number[] = [];
let started = 0;
await trainer.fit(
  {
    x: { dtype: 'float64', shape: [SAMPLES, QUBITS], data: x },
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

const script = fileURLToPath(new URL('./torchQuantumEpoch.py', import.meta.url));
const args = [SAMPLES, BATCH, EPOCHS, QUBITS, LAYERS].map(String);
const torch = JSON.parse(
  execFileSync('/usr/bin/python3', [script, ...args], { encoding: 'utf8' }),
) as { samplesPerSecond: number[] };

// The first epoch warms up the JIT (ours) and the allocator (torch); report the best of the rest.
const best = (rates: number[]) => Math.max(...rates.slice(1));
const oursBest = best(ours);
const torchBest = best(torch.samplesPerSecond);
const list = (rates: number[]) => rates.map((r) => r.toFixed(0)).join(', ');
console.log(
  `${QUBITS} qubits × ${LAYERS} strongly entangling layers, ⟨Z⟩ read-out + dense, batch ${BATCH}, ${SAMPLES} samples, forward + backward + Adam step`,
);
console.log(`@qstore/train (adjoint): ${oursBest.toFixed(0)} samples/s (epochs: ${list(ours)})`);
console.log(
  `torch 1.13 (autograd):   ${torchBest.toFixed(0)} samples/s (epochs: ${list(torch.samplesPerSecond)})`,
);
console.log(`ratio ours / torch: ${(oursBest / torchBest).toFixed(2)}`);
