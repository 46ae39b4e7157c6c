import { type Logs, parseWithSchema, type TrainingContext } from '@qstore/core';
import { z } from 'zod';
import { checkNumber, SCOPE } from '../internal/errors.js';
import { readMonitor } from '../internal/monitor.js';
import { jsonNumber, type StatefulCallback } from './statefulCallback.js';

/** Options of {@link ConvergenceDetector}. */
export interface ConvergenceDetectorOptions {
  /** A loss-like log (lower is better). @default 'loss' */
  monitor?: string;
  /** Epochs compared for a plateau. @default 5 */
  window?: number;
  /** A plateau: the window's spread is below `tolerance` × its mean magnitude. @default 1e-4 */
  tolerance?: number;
  /** Divergence: the value exceeds `divergenceFactor` × the best so far, or is not finite. @default 10 */
  divergenceFactor?: number;
  /** Stop training on a plateau. @default true */
  stopOnPlateau?: boolean;
  /** Stop training on divergence. @default true */
  stopOnDivergence?: boolean;
}

/** What a {@link ConvergenceDetector} has seen. */
export type ConvergenceStatus = 'training' | 'plateau' | 'diverged';

const convergenceStateSchema = z.object({
  values: z.array(z.number().nullable()),
  status: z.enum(['training', 'plateau', 'diverged']),
  detectedAt: z.number().int().nullable(),
});

/** Detects a plateaued or diverging loss at epoch ends and (by default) stops training. */
export class ConvergenceDetector implements StatefulCallback {
  readonly name = 'convergence-detector';
  readonly #monitor: string;
  readonly #window: number;
  readonly #tolerance: number;
  readonly #factor: number;
  readonly #stopOnPlateau: boolean;
  readonly #stopOnDivergence: boolean;
  #values: number[] = [];
  /** The current verdict. */
  status: ConvergenceStatus = 'training';
  /** The epoch of the verdict, if any. */
  detectedAt: number | undefined;

  constructor(options: ConvergenceDetectorOptions = {}) {
    this.#monitor = options.monitor ?? 'loss';
    this.#window = checkNumber('convergence window', options.window ?? 5, {
      min: 2,
      integer: true,
    });
    this.#tolerance = checkNumber('convergence tolerance', options.tolerance ?? 1e-4, { min: 0 });
    this.#factor = checkNumber('convergence divergenceFactor', options.divergenceFactor ?? 10, {
      min: 1,
    });
    this.#stopOnPlateau = options.stopOnPlateau ?? true;
    this.#stopOnDivergence = options.stopOnDivergence ?? true;
  }

  /** The values seen and the verdict, for checkpoints. */
  getState(): { values: (number | null)[]; status: ConvergenceStatus; detectedAt: number | null } {
    return {
      values: this.#values.map(jsonNumber),
      status: this.status,
      detectedAt: this.detectedAt ?? null,
    };
  }

  /** Restores {@link getState}'s result. */
  setState(raw: unknown): void {
    const state = parseWithSchema(convergenceStateSchema, raw, {
      scope: SCOPE,
      what: 'convergence detector state',
    });
    this.#values = state.values.map((v) => v ?? Number.NaN);
    this.status = state.status;
    this.detectedAt = state.detectedAt ?? undefined;
  }

  onTrainBegin(): void {
    this.#values = [];
    this.status = 'training';
    this.detectedAt = undefined;
  }

  onEpochEnd(epoch: number, logs: Logs, context: TrainingContext): void {
    const value = readMonitor(logs, this.#monitor, 'convergenceDetector');
    const best = Math.min(...this.#values);
    this.#values.push(value);
    if (
      !Number.isFinite(value) ||
      (Number.isFinite(best) && best > 0 && value > this.#factor * best)
    ) {
      this.#verdict('diverged', epoch, context, this.#stopOnDivergence);
      return;
    }
    if (this.#values.length < this.#window) return;
    const recent = this.#values.slice(-this.#window);
    const spread = Math.max(...recent) - Math.min(...recent);
    const scale = Math.max(Math.abs(recent.reduce((a, b) => a + b, 0) / recent.length), 1e-12);
    if (spread <= this.#tolerance * scale)
      this.#verdict('plateau', epoch, context, this.#stopOnPlateau);
  }

  #verdict(
    status: ConvergenceStatus,
    epoch: number,
    context: TrainingContext,
    stop: boolean,
  ): void {
    if (this.status === 'training') {
      this.status = status;
      this.detectedAt = epoch;
    }
    if (stop)
      context.stop(
        `${this.#monitor} ${status === 'plateau' ? 'reached a plateau' : 'diverged'} at epoch ${epoch}`,
      );
  }
}
