import {
  type Callback,
  createRng,
  type DataSplit,
  type Logs,
  type Rng,
  restoreRng,
  type Seed,
} from '@qstore/core';
import { isStateful } from '../callbacks/statefulCallback.js';
import type { TrainerState } from '../checkpointIo.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LrScheduler } from '../schedulers/scheduler.js';
import { type EpochTotals, emptyTotals } from './epochTotals.js';
import { checkNumber, checkpointMismatch, invalidArgument } from './errors.js';
import type { PreparedData } from './trainingData.js';

/** The mutable position and random state of one `fit`. */
export interface Run {
  data: PreparedData;
  validation?: PreparedData;
  fit: TrainerState['fit'];
  steps: number;
  epoch: number;
  /** The next batch of the epoch; `steps` means the epoch still has to be closed. */
  batch: number;
  globalStep: number;
  /** The shuffle source's state before this epoch's permutation was drawn. */
  epochStart: ReturnType<Rng['getState']>;
  shuffleRng: Rng;
  /** The source of stochastic layers (dropout). */
  stepRng: Rng;
  totals: EpochTotals;
  history: Logs[];
  stopReason?: string;
}

/** What a run starts from. */
export interface StartRunOptions {
  epochs: number;
  batchSize?: number;
  shuffle?: boolean;
  seed?: Seed;
  validation?: DataSplit;
  prepare(split: DataSplit, what: string): PreparedData;
  /** A checkpoint's state to continue from. */
  resumed?: TrainerState;
}

/** A fresh run, or the run a checkpoint describes when `resumed` is given and fits the data. */
export function startRun(train: DataSplit, options: StartRunOptions): Run {
  const epochs = checkNumber('epochs', options.epochs, { min: 1, integer: true });
  const batchSize = checkNumber('batchSize', options.batchSize ?? 32, { min: 1, integer: true });
  const data = options.prepare(train, 'training data');
  if (data.rows === 0) throw invalidArgument('training data has no samples');
  const validation = options.validation
    ? options.prepare(options.validation, 'validation data')
    : undefined;
  const seed = options.seed ?? 0;
  const fit = { epochs, batchSize, seed, shuffle: options.shuffle ?? true, samples: data.rows };
  const shuffleRng = createRng(seed);
  const run: Run = {
    data,
    fit,
    steps: Math.ceil(data.rows / batchSize),
    epoch: 0,
    batch: 0,
    globalStep: 0,
    epochStart: shuffleRng.getState(),
    shuffleRng,
    stepRng: createRng(`${seed}:steps`),
    totals: emptyTotals(),
    history: [],
    ...(validation ? { validation } : {}),
  };
  const resumed = options.resumed;
  if (resumed === undefined) return run;
  const saved = resumed.fit;
  if (
    saved.batchSize !== batchSize ||
    saved.seed !== seed ||
    saved.shuffle !== fit.shuffle ||
    saved.samples !== data.rows
  ) {
    throw checkpointMismatch(
      `the checkpoint was taken with batchSize ${saved.batchSize}, seed ${saved.seed}, shuffle ${saved.shuffle} on ${saved.samples} samples; fit got ${batchSize}, ${seed}, ${fit.shuffle} on ${data.rows}`,
    );
  }
  return Object.assign(run, {
    epoch: resumed.position.epoch,
    batch: resumed.position.batch,
    globalStep: resumed.position.globalStep,
    epochStart: resumed.rng.epochStart,
    shuffleRng: restoreRng(resumed.rng.epochStart),
    stepRng: restoreRng(resumed.rng.step),
    totals: { ...resumed.epochTotals },
    // JSON turned NaN and infinities into null.
    history: resumed.history.map((logs) =>
      Object.fromEntries(Object.entries(logs).map(([k, v]) => [k, v ?? Number.NaN])),
    ),
  });
}

/** The checkpoint state of a run together with its optimizer and scheduler. */
export function runState(
  run: Run,
  parts: {
    optimizer: Optimizer;
    scheduler: LrScheduler | undefined;
    callbacks: readonly Callback[];
  },
): TrainerState {
  return {
    format: 'qstore-train-checkpoint',
    version: 1,
    position: { epoch: run.epoch, batch: run.batch, globalStep: run.globalStep },
    fit: run.fit,
    rng: { epochStart: run.epochStart, step: run.stepRng.getState() },
    optimizer: parts.optimizer.getState(),
    scheduler: parts.scheduler ? parts.scheduler.getState() : null,
    epochTotals: { ...run.totals },
    history: run.history.map((logs) => ({ ...logs })),
    callbacks: Object.fromEntries(
      parts.callbacks.filter(isStateful).map((cb) => [cb.name, cb.getState()]),
    ),
  };
}
