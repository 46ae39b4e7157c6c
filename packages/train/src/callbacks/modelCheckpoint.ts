import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Logs, parseWithSchema, StateError, type TrainingContext } from '@qstore/core';
import { z } from 'zod';
import { checkNumber, SCOPE } from '../internal/errors.js';
import { improves, type MonitorMode, readMonitor, resolveMode } from '../internal/monitor.js';
import { jsonNumber, type StatefulCallback } from './statefulCallback.js';

/** Options of {@link ModelCheckpoint}. */
export interface ModelCheckpointOptions {
  /** The folder that holds one sub-folder per checkpoint. */
  dir: string;
  /** The log that decides the best checkpoint. @default 'val_loss' (batch saves: 'loss') */
  monitor?: string;
  /** @default 'auto' */
  mode?: MonitorMode;
  /** Save only when the monitored value improved. @default false */
  saveBestOnly?: boolean;
  /** Save every N epochs (0: never at epoch ends). @default 1 */
  everyEpochs?: number;
  /** Save every N batches as well (0: never). @default 0 */
  everyBatches?: number;
  /** Keep only the K most recent checkpoints. @default keep all */
  keepLast?: number;
}

const modelCheckpointStateSchema = z.object({
  best: z.object({ epoch: z.number().nullable(), batch: z.number().nullable() }),
  batchesSeen: z.number().int().nonnegative(),
  epoch: z.number().int().nonnegative(),
});

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Saves full checkpoints (model, optimizer, scheduler, position, RNG) through the trainer, as
 * `epoch-0003-end` or `epoch-0003-batch-00012` folders under `dir`, every N epochs and/or batches,
 * optionally only when the monitored metric improved, keeping the last K. Each save is complete
 * before it becomes visible, and a failed save never removes an older checkpoint. Each folder is
 * also a saved model for `loadModel`, carrying the fitted preprocessing given to the trainer
 * (`new QuantumTrainer({ …, preprocessing })`).
 */
export class ModelCheckpoint implements StatefulCallback {
  readonly name = 'model-checkpoint';
  readonly #options: Required<Omit<ModelCheckpointOptions, 'keepLast' | 'monitor' | 'mode'>> & {
    keepLast: number | undefined;
    monitor: string | undefined;
    mode: MonitorMode;
  };
  #best: { epoch: number; batch: number } = { epoch: Number.NaN, batch: Number.NaN };
  #epoch = 0;
  #batchesSeen = 0;
  /** The folders written so far, oldest first. */
  readonly saved: string[] = [];

  constructor(options: ModelCheckpointOptions) {
    this.#options = {
      dir: options.dir,
      monitor: options.monitor,
      mode: options.mode ?? 'auto',
      saveBestOnly: options.saveBestOnly ?? false,
      everyEpochs: checkNumber('modelCheckpoint everyEpochs', options.everyEpochs ?? 1, {
        min: 0,
        integer: true,
      }),
      everyBatches: checkNumber('modelCheckpoint everyBatches', options.everyBatches ?? 0, {
        min: 0,
        integer: true,
      }),
      keepLast:
        options.keepLast === undefined
          ? undefined
          : checkNumber('modelCheckpoint keepLast', options.keepLast, { min: 1, integer: true }),
    };
  }

  /** The best values and the batch counter, for checkpoints. */
  getState(): {
    best: { epoch: number | null; batch: number | null };
    batchesSeen: number;
    epoch: number;
  } {
    return {
      best: { epoch: jsonNumber(this.#best.epoch), batch: jsonNumber(this.#best.batch) },
      batchesSeen: this.#batchesSeen,
      epoch: this.#epoch,
    };
  }

  /** Restores {@link getState}'s result. */
  setState(raw: unknown): void {
    const state = parseWithSchema(modelCheckpointStateSchema, raw, {
      scope: SCOPE,
      what: 'model checkpoint state',
    });
    this.#best = { epoch: state.best.epoch ?? Number.NaN, batch: state.best.batch ?? Number.NaN };
    this.#batchesSeen = state.batchesSeen;
    this.#epoch = state.epoch;
  }

  onTrainBegin(context: TrainingContext): void {
    if (context.saveCheckpoint === undefined) {
      throw new StateError(
        'INVALID_STATE',
        'modelCheckpoint needs a trainer that can save checkpoints',
        { scope: SCOPE },
      );
    }
    this.#batchesSeen = 0;
    this.#best = { epoch: Number.NaN, batch: Number.NaN };
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  async onBatchEnd(batch: number, logs: Logs, context: TrainingContext): Promise<void> {
    const every = this.#options.everyBatches;
    this.#batchesSeen += 1;
    if (every === 0 || this.#batchesSeen % every !== 0) return;
    if (!this.#shouldSave(logs, 'batch', this.#options.monitor ?? 'loss')) return;
    await this.#save(context, `epoch-${pad(this.#epoch, 4)}-batch-${pad(batch + 1, 6)}`);
  }

  async onEpochEnd(epoch: number, logs: Logs, context: TrainingContext): Promise<void> {
    const every = this.#options.everyEpochs;
    if (every === 0 || (epoch + 1) % every !== 0) return;
    if (!this.#shouldSave(logs, 'epoch', this.#options.monitor ?? 'val_loss')) return;
    await this.#save(context, `epoch-${pad(epoch, 4)}-end`);
  }

  #shouldSave(logs: Logs, kind: 'epoch' | 'batch', monitor: string): boolean {
    if (!this.#options.saveBestOnly) return true;
    const current = readMonitor(logs, monitor, 'modelCheckpoint');
    const mode = resolveMode(monitor, this.#options.mode);
    const best = this.#best[kind];
    if (Number.isNaN(best) || improves(current, best, { mode, minDelta: 0 })) {
      this.#best[kind] = current;
      return true;
    }
    return false;
  }

  async #save(context: TrainingContext, name: string): Promise<void> {
    await context.saveCheckpoint!(join(this.#options.dir, name));
    this.saved.push(name);
    const keep = this.#options.keepLast;
    if (keep === undefined) return;
    const existing = (await readdir(this.#options.dir))
      .filter((entry) => entry.startsWith('epoch-'))
      .sort();
    const stale = existing.slice(0, Math.max(0, existing.length - keep));
    await Promise.all(
      stale.map((entry) => rm(join(this.#options.dir, entry), { recursive: true, force: true })),
    );
  }
}
