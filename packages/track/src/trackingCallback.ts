import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Callback, Logs, Run, StartRunOptions, Tracker, TrainingContext } from '@qstore/core';
import { canLogHistograms } from './histogramRun.js';

/** Options of {@link trackingCallback}. */
export interface TrackingCallbackOptions extends StartRunOptions {
  /** Also log batch metrics (as `batch/<name>`, step = global batch index) every this many batches. @default 0 (off) */
  logEveryBatches?: number;
  /** Store the model checkpoint (or the weights snapshot) as an artifact at the end. @default true */
  logCheckpoint?: boolean;
  /**
   * Values whose distributions are logged at each epoch end (e.g. `{ 'weights/layer0': w,
   * 'gradients/layer0': g }`), on sinks that can log histograms (TensorBoard); others skip them.
   */
  histograms?: (
    epoch: number,
    context: TrainingContext,
  ) =>
    | Readonly<Record<string, ArrayLike<number>>>
    | Promise<Readonly<Record<string, ArrayLike<number>>>>;
  /** Log into this already started run instead of starting one; the callback then does not end it. */
  run?: Run;
}

/** Flattens `{ optimizer: { lr: 0.1 } }` into `{ 'optimizer.lr': '0.1' }` (MLflow params are flat strings). */
export function flattenParams(
  value: Readonly<Record<string, unknown>>,
  prefix = '',
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = `${prefix}${key}`;
    if (
      item !== null &&
      typeof item === 'object' &&
      !Array.isArray(item) &&
      !ArrayBuffer.isView(item)
    )
      Object.assign(out, flattenParams(item as Record<string, unknown>, `${name}.`));
    else if (item !== undefined) out[name] = typeof item === 'string' ? item : JSON.stringify(item);
  }
  return out;
}

async function logCheckpoint(run: Run, context: TrainingContext): Promise<void> {
  if (context.saveCheckpoint === undefined && context.getWeights === undefined) return;
  const dir = await mkdtemp(join(tmpdir(), 'qstore-ckpt-'));
  try {
    if (context.saveCheckpoint !== undefined) await context.saveCheckpoint(dir);
    else await writeFile(join(dir, 'weights.bin'), await context.getWeights!());
    await run.logArtifact(dir, 'checkpoint');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A training callback (core's `Callback`, for `@qstore/train`) that logs to any tracker: the
 * settings as params at train start, the epoch metrics at each epoch (step = epoch), optionally
 * batch metrics, the checkpoint as an artifact, and the end status — FAILED with the error when
 * training throws.
 */
export function trackingCallback(
  tracker: Tracker,
  options: TrackingCallbackOptions = {},
): Callback & {
  /** The run being logged to, once training has begun. */
  readonly run: Run | undefined;
} {
  const {
    logEveryBatches = 0,
    logCheckpoint: storeCheckpoint = true,
    histograms,
    run: given,
    ...start
  } = options;
  let run = given;
  let epoch = 0;
  const current = (): Run => run!;
  return {
    name: 'tracking',
    get run() {
      return run;
    },
    async onTrainBegin(context) {
      run ??= await tracker.startRun(start);
      await current().logParams({
        ...flattenParams(context.params),
        epochs: context.epochs,
        steps_per_epoch: context.stepsPerEpoch,
      });
    },
    onEpochBegin(index) {
      epoch = index;
    },
    async onEpochEnd(index, logs: Logs, context) {
      const target = current();
      await target.logMetrics(logs, { step: index });
      if (histograms === undefined || !canLogHistograms(target)) return;
      for (const [tag, values] of Object.entries(await histograms(index, context)))
        await target.logHistogram(tag, values, { step: index });
    },
    async onBatchEnd(batch, logs: Logs, context) {
      if (logEveryBatches <= 0 || batch % logEveryBatches !== 0) return;
      const prefixed = Object.fromEntries(Object.entries(logs).map(([k, v]) => [`batch/${k}`, v]));
      await current().logMetrics(prefixed, { step: epoch * context.stepsPerEpoch + batch });
    },
    async onTrainEnd(context, _logs, error) {
      if (run === undefined) return;
      try {
        if (storeCheckpoint) await logCheckpoint(run, context);
        if (error !== undefined) {
          const message = error instanceof Error ? error.message : String(error);
          await run.setTags({ 'qstore.error': message.slice(0, 8000) });
          await run.logText(
            error instanceof Error ? (error.stack ?? message) : message,
            'error.txt',
          );
        }
      } finally {
        if (given === undefined) await run.end(error === undefined ? 'FINISHED' : 'FAILED');
        else await run.flush();
      }
    },
  };
}
