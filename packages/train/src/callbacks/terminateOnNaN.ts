import type { Callback, Logs, TrainingContext } from '@qstore/core';

/** Stops training at the first batch whose loss is NaN or infinite. */
export class TerminateOnNaN implements Callback {
  readonly name = 'terminate-on-nan';
  /** The batch that had a non-finite loss, if one did. */
  terminatedAt: { batch: number } | undefined;

  onBatchEnd(batch: number, logs: Logs, context: TrainingContext): void {
    const loss = logs['loss'];
    if (loss !== undefined && !Number.isFinite(loss)) {
      this.terminatedAt = { batch };
      context.stop(`non-finite loss ${loss} at batch ${batch}`);
    }
  }
}
