import type { RngState } from '@qstore/core';

/** Evaluates the training loss at the current parameters (for gradient-free optimizers). */
export type LossProbe = () => Promise<number>;

/** An optimizer's complete state as JSON: restoring it continues the exact same trajectory. */
export interface OptimizerState {
  readonly name: string;
  readonly lr: number;
  /** Steps taken. */
  readonly step: number;
  /** Per-parameter buffers (moments, momentum), by name. */
  readonly buffers: Readonly<Record<string, number[]>>;
  /** The random source of a stochastic optimizer (SPSA). */
  readonly rng?: RngState;
}

/**
 * Updates a flat parameter vector in place from its gradient. `lr` may be changed between steps
 * (schedulers do). Gradient-free optimizers (`needsGradients: false`) call `lossAt` instead.
 */
export interface Optimizer {
  readonly name: string;
  lr: number;
  readonly needsGradients: boolean;
  step(params: Float64Array, grads: Float64Array, lossAt?: LossProbe): void | Promise<void>;
  getState(): OptimizerState;
  /** Restores a state from `getState`; `CHECKPOINT_MISMATCH` for another optimizer or size. */
  setState(state: unknown): void;
  /** The settings it was created with (JSON), for logs and checkpoints. */
  config(): Readonly<Record<string, unknown>>;
}
