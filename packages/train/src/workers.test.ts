import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { blobs } from '../test/blobs.js';
import { hybridModel } from '../test/hybridModel.js';
import { crossEntropy } from './losses/crossEntropy.js';
import { adam } from './optimizers/adam.js';
import { QuantumTrainer } from './quantumTrainer.js';

const train = blobs({ samples: 80, seed: 1 });
const test = blobs({ samples: 40, seed: 2 });
const trainer = (workers?: number) =>
  new QuantumTrainer({
    model: hybridModel(),
    loss: crossEntropy(),
    optimizer: adam({ lr: 0.05 }),
    ...(workers === undefined ? {} : { workers }),
  });
/** Threads of this process (Linux): worker threads show up here until they have stopped. */
const threads = () => readdirSync('/proc/self/task').length;

describe.runIf(process.platform === 'linux')('worker threads', () => {
  const tempDir = useTempDirs();

  it('should train, evaluate and predict bit-identically on 1, 2 and 3 threads', async () => {
    const runs = await Promise.all(
      [1, 2, 3].map(async (workers) => {
        const t = trainer();
        const history = await t.fit(train, { epochs: 2, batchSize: 16, seed: 7, workers });
        return {
          history,
          params: Array.from(t.model.params),
          logs: await t.evaluate(test, { workers, batchSize: 16 }),
          outputs: Array.from((await t.predict(test.x, { workers })).data),
          workersAfter: t.model.workers,
        };
      }),
    );
    for (const run of runs.slice(1)) expect(run).toEqual(runs[0]);
    expect(runs[0]!.workersAfter).toBe(1);
    expect(runs[0]!.history.epochs).toHaveLength(2);
  });

  it('should give the same bits when the threads take over mid-fit or were ready from the start', async () => {
    const options = { epochs: 2, batchSize: 16, seed: 7 };
    const reference = trainer();
    await reference.fit(train, options);
    // fit starts its threads in the background; batch 2 waits for them, so batches 0-1 ran on
    // the calling thread and the rest on the threads.
    const midFit = trainer(2);
    const waitAtBatch2 = {
      onBatchBegin: async (batch: number) => {
        if (batch === 2) await midFit.model.useWorkers(2);
      },
    };
    await midFit.fit(train, { ...options, callbacks: [waitAtBatch2] });
    expect(Array.from(midFit.model.params)).toEqual(Array.from(reference.model.params));
    expect(midFit.model.workers).toBe(1);
    // Threads started and awaited before the fit run every batch.
    const ready = trainer();
    await ready.model.useWorkers(3);
    await ready.fit(train, options);
    expect(ready.model.workers).toBe(3);
    expect(Array.from(ready.model.params)).toEqual(Array.from(reference.model.params));
    expect(await ready.evaluate(test, { batchSize: 16 })).toEqual(
      await reference.evaluate(test, { batchSize: 16 }),
    );
    expect((await ready.predict(test.x)).data).toEqual((await reference.predict(test.x)).data);
    await ready.dispose();
  });

  it('should resume on 2 threads from a checkpoint written on 1, bit-identical to an unbroken run', async () => {
    const options = { epochs: 3, batchSize: 16, seed: 7 };
    const unbroken = trainer();
    await unbroken.fit(train, options);
    const dir = await tempDir();
    const first = trainer();
    // Save after batch 2 of epoch 1, then stop: the resumed fit starts mid-epoch.
    let seen = 0;
    const stopMidEpoch = {
      onBatchEnd: async (batch: number) => {
        if (batch === 2 && seen++ === 1) {
          await first.saveCheckpoint(dir);
          first.stop('test');
        }
      },
    };
    const history = await first.fit(train, { ...options, workers: 1, callbacks: [stopMidEpoch] });
    expect(history).toMatchObject({ stopReason: 'test', epochs: [expect.anything()] });
    const resumed = trainer(2);
    await resumed.resumeFrom(dir);
    await resumed.model.useWorkers(2); // ready before the first resumed batch
    await resumed.fit(train, options);
    expect(Array.from(resumed.model.params)).toEqual(Array.from(unbroken.model.params));
    await resumed.dispose();
  });

  it('should stop its threads when fit ends, throws or is aborted, and on dispose', async () => {
    const t = trainer(2);
    await t.evaluate(test); // starts and stops the threads once (lazy runtime threads settle)
    const baseline = threads();
    let during = 0;
    const count = {
      onBatchEnd: () => {
        during = Math.max(during, threads());
      },
    };
    await t.fit(train, { epochs: 1, batchSize: 16, callbacks: [count] });
    expect(during).toBeGreaterThanOrEqual(baseline + 2);
    expect(threads()).toBe(baseline);

    const failing = {
      onBatchEnd: (batch: number) => {
        if (batch === 1) throw new Error('callback failed');
      },
    };
    await expect(t.fit(train, { epochs: 1, callbacks: [failing] })).rejects.toThrow(
      'callback failed',
    );
    expect(threads()).toBe(baseline);

    const controller = new AbortController();
    const abort = { onBatchEnd: () => controller.abort() };
    await expectQStoreError(
      () => t.fit(train, { epochs: 1, callbacks: [abort], signal: controller.signal }),
      'ABORTED',
    );
    expect(threads()).toBe(baseline);
    expect(t.model.workers).toBe(1);

    // dispose() during a fit stops the threads; the fit goes on on the calling thread.
    let afterDispose = 0;
    const disposing = {
      onBatchBegin: async (batch: number) => {
        if (batch === 1) await t.dispose();
        if (batch === 2) afterDispose = threads();
      },
    };
    const history = await t.fit(train, { epochs: 1, batchSize: 16, callbacks: [disposing] });
    expect(history.epochs).toHaveLength(1);
    expect(afterDispose).toBe(baseline);
    expect(threads()).toBe(baseline);

    // A model's own threads end with Symbol.asyncDispose; it still works on one thread after.
    await t.model.useWorkers(2);
    expect(t.model.workers).toBe(2);
    expect(threads()).toBeGreaterThanOrEqual(baseline + 2);
    await t.model[Symbol.asyncDispose]();
    expect(t.model.workers).toBe(1);
    expect(threads()).toBe(baseline);
    expect((await t.evaluate(test, { workers: 1 }))['accuracy']).toBeGreaterThanOrEqual(0);
  });

  it('should let a process that trained with threads exit on its own after a failed fit', async () => {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'test/workersChild.ts'], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    proc.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => proc.on('exit', resolve));
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report['failed']).toBe('callback failed');
    expect(report['during']).toBeGreaterThanOrEqual((report['before'] as number) + 2);
    expect(report['after']).toBe(report['before']);
  });

  it('should refuse a worker count that is not a positive integer', async () => {
    await expectQStoreError(() => trainer(0), 'INVALID_ARGUMENT', /workers/);
    await expectQStoreError(() => trainer(1.5), 'INVALID_ARGUMENT', /workers/);
    await expectQStoreError(() => hybridModel().useWorkers(-1), 'INVALID_ARGUMENT', /workers/);
    await expectQStoreError(
      () => trainer().fit(train, { epochs: 1, workers: 0 }),
      'INVALID_ARGUMENT',
      /workers/,
    );
  });
});
