/** Named numbers reported by training: `loss`, `accuracy`, `val_loss`, `lr`, … */
export type Logs = Readonly<Record<string, number>>;

/** What a trainer tells callbacks about the run and lets them do. */
export interface TrainingContext {
  /** The number of epochs `fit` was asked for. */
  readonly epochs: number;
  /** Batches per epoch. */
  readonly stepsPerEpoch: number;
  /** The settings of the run (batch size, seed, optimizer, model summary, …); JSON-serialisable. */
  readonly params: Readonly<Record<string, unknown>>;
  /** Asks the trainer to stop after the current batch; `reason` goes into the history. */
  stop(reason?: string): void;
  /** Whether a stop has been asked for. */
  readonly stopRequested: boolean;
  /** The current weights as a serialisable snapshot, for checkpoints and best-weight restoring. */
  getWeights?(): Promise<Uint8Array> | Uint8Array;
  /** Replaces the weights with a snapshot `getWeights` returned. */
  setWeights?(snapshot: Uint8Array): Promise<void> | void;
  /** Writes a full checkpoint (model, optimizer, scheduler, position, rng) to a folder. */
  saveCheckpoint?(dir: string): Promise<void>;
}

/**
 * Hooks a trainer calls during `fit`. Every hook is optional and may be async; the trainer awaits
 * it before going on. An error thrown by a hook ends training and is passed to `onTrainEnd`.
 */
export interface Callback {
  /** A name for logs and errors. */
  readonly name?: string;
  onTrainBegin?(context: TrainingContext): Promise<void> | void;
  /** Called once at the end, also when training failed (`error` set) or was stopped. */
  onTrainEnd?(context: TrainingContext, logs: Logs, error?: unknown): Promise<void> | void;
  onEpochBegin?(epoch: number, context: TrainingContext): Promise<void> | void;
  /** `logs` hold the epoch's training and validation metrics. */
  onEpochEnd?(epoch: number, logs: Logs, context: TrainingContext): Promise<void> | void;
  onBatchBegin?(batch: number, context: TrainingContext): Promise<void> | void;
  onBatchEnd?(batch: number, logs: Logs, context: TrainingContext): Promise<void> | void;
}
