import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { TrainingContext } from '@qstore/core';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { createTrainingLogger, loggingCallback } from './trainingLogger.js';

const context: TrainingContext = {
  epochs: 2,
  stepsPerEpoch: 3,
  params: { seed: 1 },
  stop() {},
  stopRequested: false,
};
const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('createTrainingLogger', () => {
  const tempDir = useTempDirs('qstore-log-');

  it('should write the training lifecycle as JSON lines, filtered by level', async () => {
    const file = join(await tempDir(), 'logs', 'train.jsonl');
    const logger = createTrainingLogger({ destination: file, bindings: { runId: 'r1' } });
    const callback = loggingCallback(logger);
    await callback.onTrainBegin!(context);
    await callback.onEpochEnd!(0, { loss: 0.5, val_loss: Number.NaN }, context);
    logger.quantum({ circuitDepth: 12, shots: 1000 });
    await callback.onTrainEnd!(context, { loss: 0.4 }, new Error('diverged'));
    const out = lines(file);
    expect(out.map((l) => l['event'])).toEqual(['train_start', 'epoch', 'error', 'train_end']);
    expect(out[0]).toMatchObject({
      level: 'info',
      runId: 'r1',
      config: { seed: 1, epochs: 2, stepsPerEpoch: 3 },
    });
    expect(out[1]).toMatchObject({ epoch: 0, loss: 0.5 });
    expect(out[2]).toMatchObject({ level: 'error', phase: 'train', err: { message: 'diverged' } });
    expect(String((out[2]!['err'] as { stack: string }).stack)).toMatch(/diverged/);
    expect(out[3]).toMatchObject({ level: 'error', status: 'FAILED', loss: 0.4 });
    expect(Date.parse(String(out[0]!['time']))).toBeGreaterThan(0);
  });

  it('should include debug lines (quantum metrics) at level debug, and print pretty lines', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c.toString()));
    const logger = createTrainingLogger({
      destination: stream,
      level: 'debug',
      pretty: true,
    }).child({ trial: 3 });
    logger.quantum({ circuitDepth: 12, gradientEvaluations: 48 }, { epoch: 1 });
    logger.epoch(1, { loss: 0.25 });
    await new Promise((r) => setImmediate(r));
    const text = chunks.join('');
    expect(text).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} DEBUG quantum trial=3 epoch=1 circuitDepth=12 gradientEvaluations=48\n/,
    );
    expect(text).toMatch(/INFO {2}epoch trial=3 epoch=1 loss=0.25\n$/);
  });
});
