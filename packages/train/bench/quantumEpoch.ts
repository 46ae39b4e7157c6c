// One-epoch training throughput of the reference hybrid model in @qstore/train (one
// thread and 2 worker threads) and in a PyTorch implementation of the same state-vector math
// (bench/torchQuantumEpoch.py, Debian's python3-torch, 1 and 2 intra-op threads), in one run,
// after checking that both compute the same loss and gradients.
// Model: RY(x_i) angle encoding on 10 qubits, 4 strongly entangling layers, ⟨Z_i⟩ read-out,
// dense(10 → 10), cross-entropy, Adam (lr 0.01), batch 64, float64 throughout.
// Run: pnpm --filter @qstore/train bench:quantum   (or: node --import tsx bench/quantumEpoch.ts)
// Longer runs (steadier on a shared machine): SAMPLES=8192 EPOCHS=4 pnpm --filter @qstore/train bench:quantum
import { loadavg } from 'node:os';
import { createRng } from '@qstore/core';
import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';
import {
  bestRate,
  oursThroughput,
  printSeries,
  type Throughput,
  torchThroughput,
} from './epochThroughput.js';
import { torchAgreement } from './torchAgreement.js';

const SAMPLES = Number(process.env.SAMPLES ?? 4096);
const BATCH = 64;
const EPOCHS = Number(process.env.EPOCHS ?? 3);
const QUBITS = 10;
const LAYERS = 4;
const CLASSES = 10;

const referenceModel = () =>
  sequential(
    [
      quantumLayer({ qubits: QUBITS, layers: LAYERS, encoding: 'angle-y', observables: 'z' }),
      dense({ units: CLASSES }),
    ],
    { inputSize: QUBITS, seed: 0 },
  );

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
const diff = await torchAgreement(referenceModel(), {
  qubits: QUBITS,
  layers: LAYERS,
  classes: CLASSES,
  rows: 16,
});
console.log(
  `torch vs ours on the same weights, 16 rows: max |Δ| over loss and gradients ${diff.toExponential(2)}`,
);

const rng = createRng(0);
const x = Float64Array.from({ length: SAMPLES * QUBITS }, () => rng.normal());
const y = Float64Array.from({ length: SAMPLES }, () => rng.int(0, CLASSES));
const train = {
  x: { dtype: 'float64' as const, shape: [SAMPLES, QUBITS], data: x },
  y: { dtype: 'float64' as const, shape: [SAMPLES], data: y },
};
const ours = async (workers: number) => {
  const trainer = new QuantumTrainer({
    model: referenceModel(),
    loss: crossEntropy(),
    optimizer: adam({ lr: 0.01 }),
    workers,
  });
  return oursThroughput(trainer, train, { epochs: EPOCHS, batchSize: BATCH });
};
const torch = (threads: number) =>
  torchThroughput('torchQuantumEpoch.py', [SAMPLES, BATCH, EPOCHS, QUBITS, LAYERS, threads]);

console.log(
  `${QUBITS} qubits × ${LAYERS} strongly entangling layers, ⟨Z⟩ read-out + dense, batch ${BATCH}, ${SAMPLES} samples, forward + backward + Adam step (ours: adjoint; torch: autograd); best epoch after a warm-up`,
);
// Ours and torch alternate, so that a change in the machine's load hits both alike.
const series: [string, Throughput][] = [];
series.push(['@qstore/train, 2 worker threads:', await ours(2)]);
series.push(['torch 1.13, 1 thread:', torch(1)]);
series.push(['@qstore/train, 1 thread:', await ours(1)]);
series.push(['torch 1.13, 2 threads:', torch(2)]);
console.log('wall clock:');
for (const [label, rates] of series) printSeries(label, rates.samplesPerSecond);
console.log('per CPU-second of the process (all its threads; what the load average cannot steal):');
for (const [label, rates] of series) printSeries(label, rates.samplesPerCpuSecond);
const best = (prefix: string) =>
  Math.max(
    ...series.filter(([l]) => l.startsWith(prefix)).map(([, r]) => bestRate(r.samplesPerSecond)),
  );
const ratio = best('@qstore') / best('torch');
console.log(`ratio ours (best) / torch (best of 1 and 2 threads), wall clock: ${ratio.toFixed(2)}`);
console.log(`load average (1/5/15 min) at end: ${load()}`);
