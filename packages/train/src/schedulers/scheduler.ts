/** A learning-rate scheduler's state as JSON. */
export interface SchedulerState {
  readonly name: string;
  /** Steps taken. */
  readonly t: number;
  /** Scheduler-specific counters (plateau best value, bad epochs, …). */
  readonly extra?: Readonly<Record<string, number>>;
}

/**
 * A learning-rate schedule stepped once per epoch or batch. `lr` is the rate for the current step;
 * the trainer copies it into the optimizer. Reduce-on-plateau needs the monitored `metric`.
 */
export interface LrScheduler {
  readonly name: string;
  readonly lr: number;
  /** Advances one step and returns the new learning rate. */
  step(metric?: number): number;
  getState(): SchedulerState;
  /** Restores a `getState` result; `CHECKPOINT_MISMATCH` for another scheduler. */
  setState(state: unknown): void;
}

/** A scheduler whose rate is a function of the step count alone (so it can be chained). */
export interface ClosedFormScheduler extends LrScheduler {
  /** The learning rate at step `t` (0 = before the first step). */
  lrAt(t: number): number;
}
