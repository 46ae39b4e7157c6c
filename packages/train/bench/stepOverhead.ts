// Where a train step of the reference hybrid model goes: the simulator's own work
// (`CompiledCircuit.expectations` with `keepForVjp` + `vjpRows` on the same batch and weights,
// one thread, and the
// same two calls through `parallelCircuit` with 2 workers) against the whole step of
// `QuantumTrainer.fit` (one thread and `workers: 2`), split into the quantum layer's forward and
// backward and everything else (batching, dense layer, loss, metrics, Adam, callbacks).
// Model: RY(x_i) encoding on 10 qubits, 4 strongly entangling layers, ⟨Z_i⟩, dense(10 → 10),
// cross-entropy, Adam (lr 0.01), batch 64. Wall clock and CPU time of the whole process (all
// threads), per batch; each part is run `ROUNDS` times, interleaved, and the median is printed.
// Run: pnpm --filter @qstore/train bench:step   (= node --import tsx bench/stepOverhead.ts)
// Options: --batches 16 --rounds 3 --batch 64 --qubits 10 --layers 4 (a small circuit, e.g.
// --qubits 4 --layers 1, makes the fixed per-batch cost of the trainer and the workers visible).
import { loadavg } from 'node:os';
import { createRng } from '@qstore/core';
import {
  type BatchOptions,
  CompiledCircuit,
  parallelCircuit,
  type RowGradients,
  type VjpOptions,
  vjpRows,
} from '@qstore/quantum-sim';
import { buildQuantumCircuit, readoutObservables } from '../src/internal/quantumCircuit.js';
import type { Layer } from '../src/layer.js';
import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { sequential } from '../src/sequential.js';

const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? fallback : Number(process.argv[at + 1]);
};
const QUBITS = arg('qubits', 10);
const LAYERS = arg('layers', 4);
const CLASSES = 10;
const BATCH = arg('batch', 64);
const BATCHES = arg('batches', 16);
const ROUNDS = arg('rounds', 3);
// Epochs of each fit before the timed one: fresh worker threads need a while to compile their kernels.
const WARMUP_EPOCHS = arg('warmup', 1);
const SAMPLES = BATCHES * BATCH;

/** Wall-clock and CPU milliseconds (whole process, all threads). */
interface Cost {
  wall: number;
  cpu: number;
}
const zero = (): Cost => ({ wall: 0, cpu: 0 });
const stopwatch = () => {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return (): Cost => {
    const used = process.cpuUsage(cpu);
    return { wall: performance.now() - wall, cpu: (used.user + used.system) / 1000 };
  };
};
const add = (into: Cost, cost: Cost) => {
  into.wall += cost.wall;
  into.cpu += cost.cpu;
};

const settings = {
  qubits: QUBITS,
  encoding: 'angle-y',
  ansatz: 'strongly-entangling',
  layers: LAYERS,
  reupload: false,
} as const;
const circuit = buildQuantumCircuit(settings);
const observables = readoutObservables(QUBITS, 'z');
const referenceModel = () =>
  sequential(
    [
      quantumLayer({ qubits: QUBITS, layers: LAYERS, encoding: 'angle-y', observables: 'z' }),
      dense({ units: CLASSES }),
    ],
    { inputSize: QUBITS, seed: 0 },
  );

const rng = createRng(0);
const x = Float64Array.from({ length: SAMPLES * QUBITS }, () => rng.normal());
const y = Float64Array.from({ length: SAMPLES }, () => rng.int(0, CLASSES));
const upstream = Float64Array.from({ length: BATCH * QUBITS }, () => rng.normal() / BATCH);
const weights = referenceModel().layers[0]!.params.slice();
const batchInputs = (b: number) => x.subarray(b * BATCH * QUBITS, (b + 1) * BATCH * QUBITS);

/** The simulator alone: `expectations` then `vjpRows` on every batch, one thread or a pool. */
async function simulatorOnly(sim: {
  expectations(batch: BatchOptions): Float64Array | Promise<Float64Array>;
  vjpRows(batch: VjpOptions): RowGradients | Promise<RowGradients>;
}): Promise<Cost> {
  const timer = stopwatch();
  for (let b = 0; b < BATCHES; b++) {
    const batch = { inputs: batchInputs(b), weights, batchSize: BATCH, observables };
    // As the quantum layer calls it in training: the forward pass keeps its states for the vjp.
    await sim.expectations({ ...batch, keepForVjp: true });
    await sim.vjpRows({ ...batch, upstream });
  }
  return timer();
}
const compiled = new CompiledCircuit(circuit);
const oneThread = {
  expectations: (batch: BatchOptions) => compiled.expectations(batch),
  vjpRows: (batch: VjpOptions) => vjpRows(compiled, batch),
};
/** `parallelCircuit`'s 2 workers (its own message passing included), warmed up with the rest. */
const pool = await parallelCircuit(circuit, { workers: 2 });

/** Times a layer's forward and backward (the wrapped layer stays in the model). */
function timeLayer(layer: Layer) {
  const cost = { forward: zero(), backward: zero() };
  const forward = layer.forward.bind(layer);
  const backward = layer.backward.bind(layer);
  layer.forward = async (...args) => {
    const timer = stopwatch();
    const out = await forward(...args);
    add(cost.forward, timer());
    return out;
  };
  layer.backward = async (...args) => {
    const timer = stopwatch();
    const out = await backward(...args);
    add(cost.backward, timer());
    return out;
  };
  return cost;
}

/** One warm-up epoch, then one timed epoch of `fit`: its batches and the quantum layer's part. */
async function trainerEpoch(workers: number) {
  const model = referenceModel();
  const trainer = new QuantumTrainer({
    model,
    loss: crossEntropy(),
    optimizer: adam({ lr: 0.01 }),
    workers,
  });
  const quantum = timeLayer(model.layers[0]!);
  const steps = zero();
  let epochTimer = stopwatch();
  let batchTimer = stopwatch();
  const result = { step: zero(), epoch: zero(), forward: zero(), backward: zero() };
  await trainer.fit(
    {
      x: { dtype: 'float64', shape: [SAMPLES, QUBITS], data: x },
      y: { dtype: 'float64', shape: [SAMPLES], data: y },
    },
    {
      epochs: WARMUP_EPOCHS + 1,
      batchSize: BATCH,
      seed: 0,
      callbacks: [
        {
          onEpochBegin: () => {
            Object.assign(steps, zero());
            Object.assign(quantum.forward, zero());
            Object.assign(quantum.backward, zero());
            epochTimer = stopwatch();
          },
          onBatchBegin: () => {
            batchTimer = stopwatch();
          },
          onBatchEnd: () => add(steps, batchTimer()),
          onEpochEnd: () => {
            Object.assign(result, {
              step: { ...steps },
              epoch: epochTimer(),
              forward: { ...quantum.forward },
              backward: { ...quantum.backward },
            });
          },
        },
      ],
    },
  );
  return result;
}

/** One whole `fit` of one epoch on a fresh trainer, worker start included (per batch). */
async function coldFit(workers: number): Promise<Cost> {
  const trainer = new QuantumTrainer({
    model: referenceModel(),
    loss: crossEntropy(),
    optimizer: adam({ lr: 0.01 }),
    workers,
  });
  const timer = stopwatch();
  await trainer.fit(
    {
      x: { dtype: 'float64', shape: [SAMPLES, QUBITS], data: x },
      y: { dtype: 'float64', shape: [SAMPLES], data: y },
    },
    { epochs: 1, batchSize: BATCH, seed: 0 },
  );
  return timer();
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
/** Per-batch milliseconds, median over the rounds. */
const perBatch = (costs: Cost[]): Cost => ({
  wall: median(costs.map((c) => c.wall)) / BATCHES,
  cpu: median(costs.map((c) => c.cpu)) / BATCHES,
});
const fmt = (c: Cost) =>
  `${c.wall.toFixed(2).padStart(7)} ms wall ${c.cpu.toFixed(2).padStart(7)} ms CPU`;

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
console.log(`load average (1/5/15 min) at start: ${load()}`);
console.log(
  `${QUBITS} qubits × ${LAYERS} strongly entangling layers, ⟨Z⟩ + dense(${QUBITS} → ${CLASSES}), batch ${BATCH}, ${BATCHES} batches per epoch, median of ${ROUNDS} rounds, per batch:`,
);
const sim1: Cost[] = [];
const sim2: Cost[] = [];
const cold1: Cost[] = [];
const cold2: Cost[] = [];
const fits = new Map<number, Awaited<ReturnType<typeof trainerEpoch>>[]>([
  [1, []],
  [2, []],
]);
// Warm-up: both simulators once over the batches (the trainers warm up in their first epoch).
await simulatorOnly(oneThread);
await simulatorOnly(pool);
for (let round = 0; round < ROUNDS; round++) {
  sim1.push(await simulatorOnly(oneThread));
  fits.get(1)!.push(await trainerEpoch(1));
  sim2.push(await simulatorOnly(pool));
  fits.get(2)!.push(await trainerEpoch(2));
  cold1.push(await coldFit(1));
  cold2.push(await coldFit(2));
}
await pool.close();
console.log(`simulator only, 1 thread   (expectations + vjpRows): ${fmt(perBatch(sim1))}`);
console.log(`simulator only, 2 workers  (parallelCircuit)        : ${fmt(perBatch(sim2))}`);
for (const [workers, runs] of fits) {
  const step = perBatch(runs.map((r) => r.step));
  const forward = perBatch(runs.map((r) => r.forward));
  const backward = perBatch(runs.map((r) => r.backward));
  const epoch = perBatch(runs.map((r) => r.epoch));
  const sim = perBatch(workers === 1 ? sim1 : sim2);
  console.log(`fit, workers: ${workers}`);
  console.log(`  whole epoch / batches                              : ${fmt(epoch)}`);
  console.log(`  train step (onBatchBegin → onBatchEnd)             : ${fmt(step)}`);
  console.log(`    quantum layer forward (execute)                  : ${fmt(forward)}`);
  console.log(`    quantum layer backward (vjp)                     : ${fmt(backward)}`);
  const rest = perBatch(
    runs.map((r) => ({
      wall: r.step.wall - r.forward.wall - r.backward.wall,
      cpu: r.step.cpu - r.forward.cpu - r.backward.cpu,
    })),
  );
  console.log(`    everything else in the step                      : ${fmt(rest)}`);
  console.log(
    `  step / simulator only: ${(step.wall / sim.wall).toFixed(3)} wall, ${(step.cpu / sim.cpu).toFixed(3)} CPU`,
  );
}
console.log('one-epoch fit on a fresh trainer, from the call to its end (worker start included):');
console.log(`  workers: 1                                         : ${fmt(perBatch(cold1))}`);
console.log(`  workers: 2                                         : ${fmt(perBatch(cold2))}`);
console.log(`load average (1/5/15 min) at end: ${load()}`);
