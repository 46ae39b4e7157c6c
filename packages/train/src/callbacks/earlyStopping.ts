import { type Logs, parseWithSchema, type TrainingContext } from '@qstore/core';
import { z } from 'zod';
import { checkNumber, invalidArgument, SCOPE } from '../internal/errors.js';
import { improves, type MonitorMode, readMonitor, resolveMode } from '../internal/monitor.js';
import { jsonNumber, type StatefulCallback } from './statefulCallback.js';

/** Options of {@link EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** @default 'val_loss' */
  monitor?: string;
  /** Epochs without improvement before stopping. @default 0 */
  patience?: number;
  /** The smallest change that counts as improvement. @default 0 */
  minDelta?: number;
  /** @default 'auto' */
  mode?: MonitorMode;
  /** A value the metric must beat; until it does, epochs count as without improvement. */
  baseline?: number;
  /** On stopping, put back the weights of the best epoch. @default false */
  restoreBestWeights?: boolean;
}

const earlyStoppingStateSchema = z.object({
  wait: z.number().int().nonnegative(),
  best: z.number().nullable(),
  bestEpoch: z.number().int().nullable(),
  bestWeights: z.string().nullable(),
});

/** The checkpointed state of an {@link EarlyStopping}. */
export type EarlyStoppingState = z.infer<typeof earlyStoppingStateSchema>;

/** Stops training when a monitored metric has stopped improving for `patience` epochs (Keras semantics). */
export class EarlyStopping implements StatefulCallback {
  readonly name = 'early-stopping';
  readonly #monitor: string;
  readonly #patience: number;
  readonly #minDelta: number;
  readonly #mode: 'min' | 'max';
  readonly #baseline: number | undefined;
  readonly #restore: boolean;
  #wait = 0;
  #best = Number.NaN;
  #bestWeights: Uint8Array | undefined;
  /** The epoch at which training was stopped, if it was. */
  stoppedEpoch: number | undefined;
  /** The epoch with the best monitored value so far. */
  bestEpoch: number | undefined;

  constructor(options: EarlyStoppingOptions = {}) {
    this.#monitor = options.monitor ?? 'val_loss';
    this.#patience = checkNumber('earlyStopping patience', options.patience ?? 0, {
      min: 0,
      integer: true,
    });
    this.#minDelta = Math.abs(checkNumber('earlyStopping minDelta', options.minDelta ?? 0));
    this.#mode = resolveMode(this.#monitor, options.mode ?? 'auto');
    this.#baseline = options.baseline;
    this.#restore = options.restoreBestWeights ?? false;
  }

  /** The best monitored value so far. */
  get best(): number {
    return this.#best;
  }

  /** Counters, best value and best weights, for checkpoints. */
  getState(): EarlyStoppingState {
    return {
      wait: this.#wait,
      best: jsonNumber(this.#best),
      bestEpoch: this.bestEpoch ?? null,
      bestWeights: this.#bestWeights ? Buffer.from(this.#bestWeights).toString('base64') : null,
    };
  }

  /** Restores {@link getState}'s result. */
  setState(raw: unknown): void {
    const state = parseWithSchema(earlyStoppingStateSchema, raw, {
      scope: SCOPE,
      what: 'early stopping state',
    });
    this.#wait = state.wait;
    this.#best = state.best ?? this.#initialBest();
    this.bestEpoch = state.bestEpoch ?? undefined;
    this.#bestWeights =
      state.bestWeights === null
        ? undefined
        : new Uint8Array(Buffer.from(state.bestWeights, 'base64'));
  }

  #initialBest(): number {
    return this.#baseline ?? (this.#mode === 'min' ? Infinity : -Infinity);
  }

  onTrainBegin(context: TrainingContext): void {
    if (this.#restore && (!context.getWeights || !context.setWeights)) {
      throw invalidArgument(
        'earlyStopping restoreBestWeights needs a trainer that offers getWeights/setWeights',
      );
    }
    this.#wait = 0;
    this.#best = this.#initialBest();
    this.#bestWeights = undefined;
    this.stoppedEpoch = undefined;
    this.bestEpoch = undefined;
  }

  async onEpochEnd(epoch: number, logs: Logs, context: TrainingContext): Promise<void> {
    const current = readMonitor(logs, this.#monitor, 'earlyStopping');
    if (improves(current, this.#best, { mode: this.#mode, minDelta: this.#minDelta })) {
      this.#best = current;
      this.bestEpoch = epoch;
      this.#wait = 0;
      if (this.#restore) this.#bestWeights = Uint8Array.from(await context.getWeights!());
      return;
    }
    this.#wait += 1;
    if (this.#wait >= Math.max(this.#patience, 1)) {
      this.stoppedEpoch = epoch;
      if (this.#restore && this.#bestWeights) await context.setWeights!(this.#bestWeights);
      context.stop(`early stopping: ${this.#monitor} did not improve for ${this.#wait} epochs`);
    }
  }
}
