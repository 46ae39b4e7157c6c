import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ValidationError } from '@qstore/core';

/** Which data the demo trains on. */
export const DEMO_DATASETS = ['auto', 'fashion_mnist', 'digits'] as const;

/** The demo's settings, from its command line. */
export interface DemoOptions {
  /** `auto`: Fashion-MNIST when its files are on the machine, else the `mnist` package's digits. */
  dataset: (typeof DEMO_DATASETS)[number];
  qubits: number;
  /** Re-uploading ansatz layers of the quantum layer. */
  layers: number;
  epochs: number;
  /** Training samples drawn (stratified) from the training split. */
  trainSamples: number;
  /** Test samples drawn (stratified) from the test split. */
  testSamples: number;
  batchSize: number;
  lr: number;
  seed: number;
  /** Worker threads for the quantum layer (results are bit-identical for any count). */
  workers: number;
  /** Where the trained model is saved. */
  out: string;
}

/** The usage text printed for `--help` and with an option error. */
export const DEMO_USAGE = `usage: qstore-demo [--dataset auto|fashion_mnist|digits] [--qubits 10] [--layers 4]
                   [--epochs 10] [--train-samples 10000] [--test-samples 1000] [--batch-size 32]
                   [--lr 0.03] [--seed 42] [--workers N] [--out ./qstore-demo-model]
                   [--tracking-uri URI | --no-track] [--tensorboard DIR]`;

const integerOptions = {
  qubits: { min: 1, max: 20 },
  layers: { min: 1, max: 20 },
  epochs: { min: 1, max: 1000 },
  'train-samples': { min: 20, max: 1_000_000 },
  'test-samples': { min: 10, max: 1_000_000 },
  'batch-size': { min: 1, max: 100_000 },
  seed: { min: 0, max: Number.MAX_SAFE_INTEGER },
  workers: { min: 1, max: 64 },
} as const;

/** Two threads where the machine has two cores: enough to halve an epoch, bit-identical to one. */
const DEFAULT_WORKERS = Math.min(2, availableParallelism());

function integer(name: keyof typeof integerOptions, text: string): number {
  const { min, max } = integerOptions[name];
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `--${name} must be an integer in [${min}, ${max}], got "${text}"\n${DEMO_USAGE}`,
      { scope: 'demo' },
    );
  }
  return value;
}

/** Parses the demo's command line; throws `INVALID_ARGUMENT` with the usage for a bad value. */
export function parseDemoOptions(argv: readonly string[]): DemoOptions & { help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      dataset: { type: 'string', default: 'auto' },
      qubits: { type: 'string', default: '10' },
      layers: { type: 'string', default: '4' },
      epochs: { type: 'string', default: '10' },
      'train-samples': { type: 'string', default: '10000' },
      'test-samples': { type: 'string', default: '1000' },
      'batch-size': { type: 'string', default: '32' },
      lr: { type: 'string', default: '0.03' },
      seed: { type: 'string', default: '42' },
      workers: { type: 'string', default: String(DEFAULT_WORKERS) },
      out: { type: 'string', default: './qstore-demo-model' },
      'tracking-uri': { type: 'string' },
      tensorboard: { type: 'string' },
      'no-track': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const dataset = values.dataset as DemoOptions['dataset'];
  if (!DEMO_DATASETS.includes(dataset)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `--dataset must be one of ${DEMO_DATASETS.join(', ')}, got "${values.dataset}"\n${DEMO_USAGE}`,
      { scope: 'demo' },
    );
  }
  const lr = Number(values.lr);
  if (!(lr > 0 && lr < 10)) {
    throw new ValidationError('INVALID_ARGUMENT', `--lr must be in (0, 10), got "${values.lr}"`, {
      scope: 'demo',
    });
  }
  return {
    dataset,
    qubits: integer('qubits', values.qubits),
    layers: integer('layers', values.layers),
    epochs: integer('epochs', values.epochs),
    trainSamples: integer('train-samples', values['train-samples']),
    testSamples: integer('test-samples', values['test-samples']),
    batchSize: integer('batch-size', values['batch-size']),
    lr,
    seed: integer('seed', values.seed),
    workers: integer('workers', values.workers),
    out: values.out,
    help: values.help,
  };
}
