import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Callback, TrainingContext } from '@qstore/core';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { createTracker } from './createTracker.js';
import { fileTracker } from './sinks/fileTracker.js';
import { readEventFile } from './tensorboard/readEventFile.js';
import { flattenParams, trackingCallback } from './trackingCallback.js';

// A minimal trainer loop with the hook order @qstore/train uses.
async function trainLoop(
  callback: Callback,
  options: { epochs: number; failAt?: number; context?: Partial<TrainingContext> },
) {
  const context: TrainingContext = {
    epochs: options.epochs,
    stepsPerEpoch: 4,
    params: { seed: 7, optimizer: { name: 'adam', lr: 0.01 }, layers: [2, 3] },
    stop() {},
    stopRequested: false,
    ...options.context,
  };
  let error: unknown;
  let logs = {};
  try {
    await callback.onTrainBegin?.(context);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      await callback.onEpochBegin?.(epoch, context);
      for (let batch = 0; batch < 4; batch++) {
        if (epoch === options.failAt && batch === 2) throw new Error('simulator diverged');
        await callback.onBatchEnd?.(batch, { loss: epoch + batch / 10 }, context);
      }
      logs = { loss: 1 / (epoch + 1), val_loss: 2 / (epoch + 1) };
      await callback.onEpochEnd?.(epoch, logs, context);
    }
  } catch (e) {
    error = e;
  }
  await callback.onTrainEnd?.(context, logs, error);
}

describe('trackingCallback', () => {
  const tempDir = useTempDirs('qstore-track-');

  it('should flatten nested params into MLflow keys', () => {
    expect(flattenParams({ a: { b: 1, c: 'x' }, d: [1, 2], e: null })).toEqual({
      'a.b': '1',
      'a.c': 'x',
      d: '[1,2]',
      e: 'null',
    });
  });

  it('should log params, epoch and batch metrics, the checkpoint and FINISHED', async () => {
    const tracker = fileTracker({ root: await tempDir() });
    const callback = trackingCallback(tracker, {
      experimentName: 'train',
      logEveryBatches: 2,
    });
    await trainLoop(callback, {
      epochs: 3,
      context: { saveCheckpoint: async (dir) => writeFile(join(dir, 'model.json'), '{"w":[1]}') },
    });
    const record = await tracker.getRun(callback.run!.info.runId);
    expect(record.info.status).toBe('FINISHED');
    expect(record.params).toMatchObject({
      seed: '7',
      'optimizer.name': 'adam',
      'optimizer.lr': '0.01',
      layers: '[2,3]',
      epochs: '3',
      steps_per_epoch: '4',
    });
    const history = await tracker.getMetricHistory(record.info.runId, 'val_loss');
    expect(history.map((p) => [p.step, p.value])).toEqual([
      [0, 2],
      [1, 1],
      [2, 2 / 3],
    ]);
    const batches = await tracker.getMetricHistory(record.info.runId, 'batch/loss');
    expect(batches.map((p) => p.step)).toEqual([0, 2, 4, 6, 8, 10]);
    const artifacts = fileURLToPath(record.info.artifactUri);
    expect(readFileSync(join(artifacts, 'checkpoint', 'model.json'), 'utf8')).toBe('{"w":[1]}');
  });

  it('should end the run FAILED with the error when training throws', async () => {
    const tracker = fileTracker({ root: await tempDir() });
    const callback = trackingCallback(tracker, { logCheckpoint: true });
    await trainLoop(callback, {
      epochs: 3,
      failAt: 1,
      context: { getWeights: () => new Uint8Array([9, 9]) },
    });
    const record = await tracker.getRun(callback.run!.info.runId);
    expect(record.info.status).toBe('FAILED');
    expect(record.tags['qstore.error']).toBe('simulator diverged');
    const artifacts = fileURLToPath(record.info.artifactUri);
    expect(readFileSync(join(artifacts, 'error.txt'), 'utf8')).toMatch(/simulator diverged/);
    expect(readFileSync(join(artifacts, 'checkpoint', 'weights.bin'))).toEqual(Buffer.from([9, 9]));
    expect(existsSync(join(artifacts, 'checkpoint', 'model.json'))).toBe(false);
  });

  it('should log weight and gradient histograms per epoch on sinks that can (composite with TensorBoard)', async () => {
    const root = await tempDir();
    const logdir = await tempDir();
    const tracker = createTracker([root, `tensorboard:${logdir}`]);
    const callback = trackingCallback(tracker, {
      runName: 'hist',
      logCheckpoint: false,
      histograms: (epoch) => ({
        'weights/layer0': [epoch, epoch + 1, epoch + 2],
        'gradients/layer0': [0.1 * epoch],
      }),
    });
    await trainLoop(callback, { epochs: 3 });
    const dir = join(logdir, 'hist');
    const events = await readEventFile(
      join(dir, readdirSync(dir).find((f) => f.includes('tfevents'))!),
    );
    const weights = events.flatMap((e) =>
      e.values
        .filter((v) => v.tag === 'weights/layer0')
        .map((v) => [e.step, v.histogram!.min, v.histogram!.num]),
    );
    expect(weights).toEqual([
      [0, 0, 3],
      [1, 1, 3],
      [2, 2, 3],
    ]);
    expect(
      await fileTracker({ root }).getMetricHistory(callback.run!.info.runId, 'loss'),
    ).toHaveLength(3);
  });

  it('should log into a given run and leave it open', async () => {
    const tracker = fileTracker({ root: await tempDir() });
    const run = await tracker.startRun({ runName: 'outer' });
    await trainLoop(trackingCallback(tracker, { run, logCheckpoint: false }), { epochs: 1 });
    expect((await tracker.getRun(run.info.runId)).info.status).toBe('RUNNING');
    await run.logMetric('after', 1);
    await run.end();
  });
});
