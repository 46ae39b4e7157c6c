import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { data, smallTrainer } from '../../test/trainers.js';
import { adam } from '../optimizers/adam.js';
import { sgd } from '../optimizers/sgd.js';
import { stepDecay } from '../schedulers/stepDecay.js';
import { lambdaCallback } from './lambdaCallback.js';
import { LearningRateLogger } from './learningRateLogger.js';
import { MetricsLogger } from './metricsLogger.js';
import { ProgressBar } from './progressBar.js';
import { TerminateOnNaN } from './terminateOnNaN.js';

function captureStream(tty: boolean) {
  const stream = Object.assign(new PassThrough(), {
    isTTY: tty,
    columns: 120,
  }) as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (chunk) => {
    text += chunk;
  });
  return { stream, text: () => text };
}

describe('MetricsLogger', () => {
  const tempDir = useTempDirs();

  it('should append one CSV row and one JSON line per epoch', async () => {
    const dir = await tempDir();
    const csv = join(dir, 'logs', 'metrics.csv');
    const jsonl = join(dir, 'metrics.jsonl');
    const history = await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 3,
      validation: data.validation,
      callbacks: [new MetricsLogger({ path: csv }), new MetricsLogger({ path: jsonl })],
    });
    const lines = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('epoch,loss,accuracy,lr,val_loss,val_accuracy');
    expect(lines).toHaveLength(4);
    expect(lines[3]!.split(',').map(Number)).toEqual([2, ...Object.values(history.epochs[2]!)]);
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 1,
      validation: data.validation,
      callbacks: [new MetricsLogger({ path: csv })],
    });
    const appended = (await readFile(csv, 'utf8')).trim().split('\n');
    expect(appended).toHaveLength(5);
    expect(appended[4]).toMatch(/^0,/);
    const records = (await readFile(jsonl, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toEqual(history.epochs.map((logs, epoch) => ({ epoch, ...logs })));
    await expectQStoreError(
      () => new MetricsLogger({ path: 'x', format: 'xml' as 'csv' }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('LearningRateLogger and TerminateOnNaN', () => {
  it('should record the rate of each epoch and of each batch', async () => {
    const perEpoch = new LearningRateLogger();
    const perBatch = new LearningRateLogger({ perBatch: true });
    await smallTrainer(sgd({ lr: 0.1 }), {
      scheduler: stepDecay({ lr: 0.1, stepSize: 2, gamma: 0.5 }),
    }).fit(data.train, {
      epochs: 5,
      batchSize: 45,
      callbacks: [perEpoch, perBatch],
    });
    expect(perEpoch.history.map((e) => e.lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(perBatch.history).toHaveLength(10);
    expect(perBatch.history[5]).toEqual({ epoch: 2, batch: 1, lr: 0.05 });
  });

  it('should stop at the first non-finite loss', async () => {
    const trainer = smallTrainer(adam({ lr: 0.01 }));
    const guard = new TerminateOnNaN();
    const history = await trainer.fit(data.train, {
      epochs: 3,
      batchSize: 10,
      callbacks: [
        lambdaCallback({
          onBatchBegin: (batch) => {
            if (batch === 2) trainer.model.params[0] = Number.NaN;
          },
        }),
        guard,
      ],
    });
    expect(guard.terminatedAt).toEqual({ batch: 2 });
    expect(history.stopReason).toMatch(/non-finite loss NaN at batch 2/);
  });
});

describe('ProgressBar', () => {
  it('should print one plain line per epoch when the stream is not a terminal', async () => {
    const out = captureStream(false);
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 2,
      validation: data.validation,
      callbacks: [new ProgressBar({ stream: out.stream })],
    });
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^epoch 2\/2 - \d+\.\ds - loss: \d\.\d{4} - accuracy: .* - val_accuracy: \d\.\d{4}$/,
    );
  });

  it('should draw a bar with counts, ETA and live metrics on a terminal', async () => {
    const out = captureStream(true);
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 1,
      batchSize: 10,
      callbacks: [new ProgressBar({ stream: out.stream })],
    });
    const text = out.text();
    expect(text).toMatch(/epoch 1\/1 \[[█░]+\] 9\/9 \| ETA \d+s \| loss: /);
  });
});
