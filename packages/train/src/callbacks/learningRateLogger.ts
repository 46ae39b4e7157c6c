import type { Callback, Logs } from '@qstore/core';

/** One recorded learning rate. */
export interface LearningRateEntry {
  readonly epoch: number;
  /** The batch within the epoch, for per-batch records. */
  readonly batch?: number;
  readonly lr: number;
}

/** Options of {@link LearningRateLogger}. */
export interface LearningRateLoggerOptions {
  /** Record every batch instead of every epoch. @default false */
  perBatch?: boolean;
  /** Also called with every record (e.g. to print or forward to a tracker). */
  onRecord?: (entry: LearningRateEntry) => void;
}

/** Records the learning rate the optimizer used, per epoch or per batch. */
export class LearningRateLogger implements Callback {
  readonly name = 'learning-rate-logger';
  /** The records so far. */
  readonly history: LearningRateEntry[] = [];
  readonly #options: LearningRateLoggerOptions;
  #epoch = 0;

  constructor(options: LearningRateLoggerOptions = {}) {
    this.#options = options;
  }

  onEpochBegin(epoch: number): void {
    this.#epoch = epoch;
  }

  onBatchEnd(batch: number, logs: Logs): void {
    if (this.#options.perBatch && logs['lr'] !== undefined) {
      this.#record({ epoch: this.#epoch, batch, lr: logs['lr'] });
    }
  }

  onEpochEnd(epoch: number, logs: Logs): void {
    if (!this.#options.perBatch && logs['lr'] !== undefined)
      this.#record({ epoch, lr: logs['lr'] });
  }

  #record(entry: LearningRateEntry): void {
    this.history.push(entry);
    this.#options.onRecord?.(entry);
  }
}
