import type { LogMetricOptions, Run } from '@qstore/core';

/** Options of one histogram point. */
export interface HistogramOptions extends LogMetricOptions {
  /** Equal-width buckets between min and max. @default 30 */
  buckets?: number;
}

/**
 * A run that can log value distributions (weights, gradients): TensorBoard runs, and composite
 * runs with at least one such sink. Core's `Run` has no histogram method, so this is a capability.
 */
export interface HistogramRun extends Run {
  /** Logs the distribution of some values (NaN and ±Inf left out) at a step. */
  logHistogram(tag: string, values: ArrayLike<number>, options?: HistogramOptions): Promise<void>;
}

/** Whether a run can log histograms. */
export function canLogHistograms(run: Run): run is HistogramRun {
  return typeof (run as Partial<HistogramRun>).logHistogram === 'function';
}
