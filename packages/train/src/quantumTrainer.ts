import {
  type Callback,
  type DataSplit,
  type Logs,
  type Seed,
  StateError,
  type Tensor,
  type TrainingContext,
} from '@qstore/core';
import { isStateful } from './callbacks/statefulCallback.js';
import { findLatestCheckpoint, type TrainerState, writeCheckpoint } from './checkpointIo.js';
import { evaluateTotals, predictOutputs, trainBatch } from './internal/batchStep.js';
import { emptyTotals, totalsToLogs } from './internal/epochTotals.js';
import { checkNumber, checkpointMismatch, SCOPE } from './internal/errors.js';
import { PauseGate } from './internal/pauseGate.js';
import { MAX_WORKERS } from './internal/threadedSimulator.js';
import { type PreparedData, prepareData, prepareInputs } from './internal/trainingData.js';
import { type Run, runState, startRun } from './internal/trainingRun.js';
import { decodeFloat64, encodeFloat64 } from './internal/weightsCodec.js';
import { withWorkers } from './internal/withWorkers.js';
import type { Loss } from './losses/loss.js';
import { assertArchitecture } from './modelIo.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { normalizePreprocessing, type PreprocessingStep } from './preprocessingSteps.js';
import type { LrScheduler } from './schedulers/scheduler.js';
import type { Model } from './sequential.js';

/** Options of {@link QuantumTrainer}. */
export interface QuantumTrainerOptions {
  model: Model;
  loss: Loss;
  optimizer: Optimizer;
  scheduler?: LrScheduler;
  /** When the scheduler steps. @default 'epoch' */
  schedulerInterval?: 'epoch' | 'batch';
  /** The log a plateau scheduler watches. @default 'val_loss' with validation data, else 'loss' */
  schedulerMonitor?: string;
  /** Clip the gradient's L2 norm to this before each step. */
  clipNorm?: number;
  /** Clip each gradient into `[-clipValue, clipValue]` before each step. */
  clipValue?: number;
  /**
   * Fitted preprocessing (opaque JSON states, e.g. a PCA and a scaler) stored inside every
   * checkpoint this trainer writes (`ModelCheckpoint`, `saveCheckpoint`), so `loadModel` on a
   * checkpoint folder returns a self-contained model.
   */
  preprocessing?: readonly PreprocessingStep[];
  /**
   * Worker threads for the quantum layers in `fit`, `evaluate` and `predict` (each call may
   * override it): every batch's rows are split between them, forward and backward, with results
   * bit-identical to one thread. The threads live only as long as the call. @default 1
   */
  workers?: number;
}

/** Options of {@link QuantumTrainer.fit}. */
export interface FitOptions {
  epochs: number;
  validation?: DataSplit;
  /** @default 32 */
  batchSize?: number;
  /** Shuffle the samples each epoch. @default true */
  shuffle?: boolean;
  /** Seed of shuffling and of stochastic layers. @default 0 */
  seed?: Seed;
  callbacks?: readonly Callback[];
  /** Aborting ends training after the current batch; `fit` then rejects with `ABORTED`. */
  signal?: AbortSignal;
  /** Worker threads of the quantum layers for this fit. @default the trainer's `workers` */
  workers?: number;
}

/** Options of {@link QuantumTrainer.evaluate} and {@link QuantumTrainer.predict}. */
export interface InferenceOptions {
  /** @default 256 */
  batchSize?: number;
  /** Worker threads of the quantum layers for this call. @default the trainer's `workers` */
  workers?: number;
}

/** What `fit` returns: the logs of each completed epoch and why it stopped early, if it did. */
export interface History {
  readonly epochs: Logs[];
  readonly stopReason?: string;
}

/**
 * Trains any {@link Model} (dense, activation, dropout and quantum layers alike) with a loss, an
 * optimizer and an optional scheduler; reports to core `Callback`s; can be paused, stopped, aborted
 * and resumed exactly from a checkpoint (model, optimizer, scheduler, position and RNG state).
 */
export class QuantumTrainer {
  readonly model: Model;
  readonly #options: QuantumTrainerOptions;
  #run: Run | undefined;
  #callbacks: readonly Callback[] = [];
  #resume: TrainerState | undefined;
  readonly #gate = new PauseGate();

  constructor(options: QuantumTrainerOptions) {
    this.model = options.model;
    this.#options =
      options.preprocessing === undefined
        ? options
        : { ...options, preprocessing: normalizePreprocessing(options.preprocessing) };
    if (options.clipNorm !== undefined)
      checkNumber('clipNorm', options.clipNorm, { min: 0, exclusiveMin: true });
    if (options.clipValue !== undefined)
      checkNumber('clipValue', options.clipValue, { min: 0, exclusiveMin: true });
    if (options.scheduler) options.optimizer.lr = options.scheduler.lr;
    if (options.workers !== undefined)
      checkNumber('workers', options.workers, { min: 1, max: MAX_WORKERS, integer: true });
  }

  /**
   * Stops the model's worker threads (see {@link Model.dispose}); a running call goes on on the
   * calling thread. `fit`, `evaluate` and `predict` stop the threads they start themselves.
   */
  dispose(): Promise<void> {
    return this.model.dispose();
  }

  /** {@link QuantumTrainer.dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  /** Asks a running `fit` to stop after the current batch; it resolves with the history. */
  stop(reason = 'stopped'): void {
    if (this.#run && this.#run.stopReason === undefined) this.#run.stopReason = reason;
  }

  /** Holds a running `fit` before its next batch until {@link resume}. */
  pause(): void {
    this.#gate.close();
  }

  /** Lets a paused `fit` go on. */
  resume(): void {
    this.#gate.open();
  }

  /** Whether training is paused. */
  get paused(): boolean {
    return this.#gate.closed;
  }

  /**
   * Loads the latest complete checkpoint under `dir` (model weights, optimizer and scheduler
   * state); the next `fit` with the same data, batch size and seed continues exactly from it.
   */
  async resumeFrom(dir: string): Promise<void> {
    const checkpoint = await findLatestCheckpoint(dir);
    assertArchitecture(this.model, checkpoint.architecture, checkpoint.dir);
    const { state } = checkpoint;
    if ((state.scheduler === null) !== (this.#options.scheduler === undefined)) {
      throw checkpointMismatch(
        `${checkpoint.dir} was written ${state.scheduler === null ? 'without' : 'with'} a scheduler`,
      );
    }
    this.#options.optimizer.setState(state.optimizer);
    if (state.scheduler !== null) this.#options.scheduler!.setState(state.scheduler);
    this.model.params.set(checkpoint.weights);
    this.#resume = state;
  }

  /** Writes a complete checkpoint of the running (or last) fit to `dir`. */
  async saveCheckpoint(dir: string): Promise<void> {
    const run = this.#run;
    if (run === undefined)
      throw new StateError('INVALID_STATE', 'saveCheckpoint needs a fit in progress', {
        scope: SCOPE,
      });
    const { optimizer, scheduler } = this.#options;
    const state = runState(run, { optimizer, scheduler, callbacks: this.#callbacks });
    const { preprocessing } = this.#options;
    await writeCheckpoint(dir, { model: this.model, state, preprocessing });
  }

  /**
   * Trains for `options.epochs` epochs (or continues a resumed run) and returns the history. With
   * `workers` > 1 the quantum layers' threads start here and are stopped before it settles.
   */
  fit(train: DataSplit, options: FitOptions): Promise<History> {
    return withWorkers(this.model, options.workers ?? this.#options.workers, () =>
      this.#fit(train, options),
    );
  }

  async #fit(train: DataSplit, options: FitOptions): Promise<History> {
    const resumed = this.#resume;
    this.#resume = undefined;
    const run = startRun(train, {
      ...options,
      prepare: (split, what) => this.#prepare(split, what),
      ...(resumed ? { resumed } : {}),
    });
    this.#run = run;
    const callbacks = options.callbacks ?? [];
    this.#callbacks = callbacks;
    const context = this.#context(run);
    let error: unknown;
    try {
      for (const cb of callbacks) await cb.onTrainBegin?.(context);
      for (const cb of callbacks.filter(isStateful)) {
        if (resumed?.callbacks[cb.name] !== undefined) cb.setState(resumed.callbacks[cb.name]);
      }
      while (run.epoch < run.fit.epochs && run.stopReason === undefined) {
        await this.#epoch(run, { callbacks, context, signal: options.signal });
      }
    } catch (caught) {
      error = caught;
    }
    const last = run.history.at(-1) ?? {};
    for (const cb of callbacks) await cb.onTrainEnd?.(context, last, error);
    if (error !== undefined) throw error;
    return {
      epochs: run.history,
      ...(run.stopReason === undefined ? {} : { stopReason: run.stopReason }),
    };
  }

  /** The loss and (for classification) accuracy of the model on a split, in inference mode. */
  async evaluate(split: DataSplit, options: InferenceOptions = {}): Promise<Logs> {
    const data = this.#prepare(split, 'evaluation data');
    const totals = await withWorkers(this.model, options.workers ?? this.#options.workers, () =>
      evaluateTotals(data, {
        batchSize: options.batchSize ?? 256,
        model: this.model,
        loss: this.#options.loss,
      }),
    );
    return totalsToLogs(totals, this.#options.loss.task);
  }

  /** The model outputs for the rows of `x`, as a `[rows, outputSize]` float64 tensor. */
  async predict(x: Tensor, options: InferenceOptions = {}): Promise<Tensor<'float64'>> {
    const data = prepareInputs(x, { inputSize: this.model.inputSize, what: 'predict input' });
    return withWorkers(this.model, options.workers ?? this.#options.workers, () =>
      predictOutputs(data, { model: this.model, batchSize: options.batchSize ?? 256 }),
    );
  }

  #prepare(split: DataSplit, what: string): PreparedData {
    const { model, loss } = this.#options;
    return prepareData(split, {
      inputSize: model.inputSize,
      outputSize: model.outputSize,
      loss,
      what,
    });
  }

  #context(run: Run): TrainingContext {
    const { optimizer, loss } = this.#options;
    return {
      epochs: run.fit.epochs,
      stepsPerEpoch: run.steps,
      params: {
        ...run.fit,
        optimizer: optimizer.config(),
        loss: loss.name,
        model: this.model.architecture(),
      },
      stop: (reason?: string) => this.stop(reason ?? 'stopped by a callback'),
      get stopRequested() {
        return run.stopReason !== undefined;
      },
      getWeights: () => encodeFloat64(this.model.params),
      setWeights: (snapshot: Uint8Array) => {
        const weights = decodeFloat64(snapshot, 'weights snapshot');
        if (weights.length !== this.model.params.length)
          throw checkpointMismatch(
            `weights snapshot holds ${weights.length} values, the model ${this.model.params.length}`,
          );
        this.model.params.set(weights);
      },
      saveCheckpoint: (dir: string) => this.saveCheckpoint(dir),
    };
  }

  async #epoch(
    run: Run,
    env: {
      callbacks: readonly Callback[];
      context: TrainingContext;
      signal: AbortSignal | undefined;
    },
  ) {
    const { callbacks, context, signal } = env;
    const order = run.fit.shuffle
      ? run.shuffleRng.permutation(run.data.rows)
      : Uint32Array.from({ length: run.data.rows }, (_, i) => i);
    if (run.batch === 0) {
      run.totals = emptyTotals();
      for (const cb of callbacks) await cb.onEpochBegin?.(run.epoch, context);
    }
    while (run.batch < run.steps) {
      await this.#gate.passed();
      if (signal?.aborted) {
        throw new StateError(
          'ABORTED',
          `training aborted at epoch ${run.epoch}, batch ${run.batch}`,
          { scope: SCOPE, cause: signal.reason },
        );
      }
      const index = run.batch;
      for (const cb of callbacks) await cb.onBatchBegin?.(index, context);
      const logs = await trainBatch(run, order, this.#options);
      run.batch += 1;
      run.globalStep += 1;
      for (const cb of callbacks) await cb.onBatchEnd?.(index, logs, context);
      if (run.stopReason !== undefined) return;
    }
    await this.#closeEpoch(run, env);
  }

  async #closeEpoch(run: Run, env: { callbacks: readonly Callback[]; context: TrainingContext }) {
    const { loss, optimizer, scheduler, schedulerInterval = 'epoch' } = this.#options;
    const logs: Record<string, number> = {
      ...totalsToLogs(run.totals, loss.task),
      lr: optimizer.lr,
    };
    if (run.validation)
      Object.assign(
        logs,
        totalsToLogs(
          await evaluateTotals(run.validation, {
            batchSize: run.fit.batchSize,
            model: this.model,
            loss: this.#options.loss,
          }),
          loss.task,
          'val_',
        ),
      );
    if (scheduler && schedulerInterval === 'epoch') {
      const monitor = this.#options.schedulerMonitor ?? (run.validation ? 'val_loss' : 'loss');
      optimizer.lr = scheduler.step(logs[monitor]);
    }
    const epoch = run.epoch;
    run.history.push(logs);
    run.epoch += 1;
    run.batch = 0;
    run.totals = emptyTotals();
    run.epochStart = run.shuffleRng.getState();
    for (const cb of env.callbacks) await cb.onEpochEnd?.(epoch, logs, env.context);
  }
}
