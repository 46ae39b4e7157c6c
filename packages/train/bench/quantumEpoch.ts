// One-epoch training throughput of the reference hybrid model in @qstore/train and in a
// PyTorch implementation of the same state-vector math (bench/torchQuantumEpoch.py, Debian's
// python3-torch, 2 threads, complex128 autograd), in one run.
// Model: RY(x_i) angle encoding on 10 qubits, 4 strongly entangling layers, ⟨Z_i⟩ read-out,
// dense(10 → 10), cross-entropy, Adam (lr 0.01), batch 64, float64 throughout.
// Run: pnpm --filter @qstore/train bench:quantum   (or: node --import tsx bench/quantumEpoch.ts)
import { createRng } from '@qstore/core';
import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';
import { oursSamplesPerSecond, printComparison, torchSamplesPerSecond } from './epochThroughput.js';

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
const train = {
  x: { dtype: 'float64' as const, shape: [SAMPLES, QUBITS], data: x },
  y: { dtype: 'float64' as const, shape: [SAMPLES], data: y },
};
const ours = await oursSamplesPerSecond(trainer, train, { epochs: EPOCHS, batchSize: BATCH });
const torch = torchSamplesPerSecond('torchQuantumEpoch.py', [
  SAMPLES,
  BATCH,
  EPOCHS,
  QUBITS,
  LAYERS,
]);
printComparison(
  `${QUBITS} qubits × ${LAYERS} strongly entangling layers, ⟨Z⟩ read-out + dense, batch ${BATCH}, ${SAMPLES} samples, forward + backward + Adam step (ours: adjoint; torch: autograd)`,
  ours,
  torch,
);
