import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { data, smallTrainer } from '../../test/trainers.js';
import { findLatestCheckpoint, readCheckpoint } from '../checkpointIo.js';
import { relu } from '../layers/activation.js';
import { dense } from '../layers/dense.js';
import { crossEntropy } from '../losses/crossEntropy.js';
import { loadModel } from '../modelIo.js';
import { adam } from '../optimizers/adam.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import { QuantumTrainer } from '../quantumTrainer.js';
import { sequential } from '../sequential.js';
import { lambdaCallback } from './lambdaCallback.js';
import { ModelCheckpoint } from './modelCheckpoint.js';

describe('ModelCheckpoint', () => {
  const tempDir = useTempDirs();

  it('should save every N batches and keep the last K complete checkpoints', async () => {
    const dir = await tempDir();
    const checkpoint = new ModelCheckpoint({ dir, everyBatches: 2, everyEpochs: 0, keepLast: 3 });
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 1,
      batchSize: 9,
      callbacks: [checkpoint],
    });
    expect(checkpoint.saved).toHaveLength(5);
    expect((await readdir(dir)).sort()).toEqual([
      'epoch-0000-batch-000006',
      'epoch-0000-batch-000008',
      'epoch-0000-batch-000010',
    ]);
    const latest = await findLatestCheckpoint(dir);
    expect(latest.state.position).toEqual({ epoch: 0, batch: 10, globalStep: 10 });
  });

  it("should carry the trainer's fitted preprocessing inside every checkpoint", async () => {
    const dir = await tempDir();
    const preprocessing = [
      { kind: 'scaler', state: { method: 'zscore', mean: [0.5, -1], scale: [2, 0.25] } },
      { kind: 'classes', state: ['x', 'y', 'z'] },
    ];
    const trainer = smallTrainer(adam({ lr: 0.01 }), { preprocessing });
    const checkpoint = new ModelCheckpoint({ dir, everyEpochs: 1, keepLast: 1 });
    await trainer.fit(data.train, { epochs: 2, batchSize: 30, callbacks: [checkpoint] });
    const latest = await findLatestCheckpoint(dir);
    expect(latest.preprocessing).toEqual(preprocessing);
    const loaded = await loadModel(latest.dir);
    expect(loaded.preprocessing).toEqual(preprocessing);
    expect(loaded.params).toEqual(trainer.model.params);
    // Resuming from it works as from any checkpoint.
    await smallTrainer(adam({ lr: 0.01 }), { preprocessing }).resumeFrom(dir);
    // Preprocessing that JSON cannot hold is refused when the trainer is made, not mid-training.
    await expectQStoreError(
      () =>
        smallTrainer(adam({ lr: 0.01 }), {
          preprocessing: [{ kind: 'm', state: Number.POSITIVE_INFINITY }],
        }),
      'INVALID_ARGUMENT',
      /Infinity/,
    );
  });

  it('should save only improving epochs with saveBestOnly', async () => {
    const dir = await tempDir();
    const trainer = smallTrainer(adam({ lr: 0.05 }));
    const checkpoint = new ModelCheckpoint({ dir, monitor: 'val_loss', saveBestOnly: true });
    const history = await trainer.fit(data.train, {
      epochs: 6,
      validation: data.validation,
      callbacks: [
        lambdaCallback({
          onEpochBegin: (epoch) => {
            if (epoch === 3) trainer.model.params.fill(0.5);
          },
        }),
        checkpoint,
      ],
    });
    const losses = history.epochs.map((logs) => logs['val_loss']!);
    const improving = losses
      .map((v, i) => (losses.slice(0, i).every((u) => v < u) ? i : -1))
      .filter((i) => i >= 0);
    expect(improving.length).toBeLessThan(6);
    expect(checkpoint.saved).toEqual(improving.map((i) => `epoch-000${i}-end`));
  });

  it('should never overwrite a good checkpoint with a failed save', async () => {
    const dir = await tempDir();
    const target = join(dir, 'latest');
    const inner = adam({ lr: 0.01 });
    let poison = false;
    // An optimizer whose state cannot be serialised once poisoned: the save fails half-way through.
    const optimizer: Optimizer = {
      ...inner,
      get lr() {
        return inner.lr;
      },
      set lr(value) {
        inner.lr = value;
      },
      step: (p, g) => inner.step(p, g),
      getState: () => ({
        ...inner.getState(),
        buffers: poison ? { bad: [1n as unknown as number] } : inner.getState().buffers,
      }),
    };
    const trainer = smallTrainer(optimizer);
    const error = await expectQStoreError(
      () =>
        trainer.fit(data.train, {
          epochs: 1,
          batchSize: 10,
          callbacks: [
            lambdaCallback({
              onBatchEnd: async (batch, _logs, context) => {
                poison = batch === 3;
                if (batch === 0 || batch === 3) await context.saveCheckpoint!(target);
              },
            }),
          ],
        }),
      'IO_ERROR',
    );
    expect(error.message).toMatch(/latest/);
    const kept = await readCheckpoint(target);
    expect(kept.state.position).toMatchObject({ epoch: 0, batch: 1 });
    expect(await readdir(dir)).toEqual(['latest']);
    expect(JSON.parse(await readFile(join(target, 'trainer.json'), 'utf8')).position.batch).toBe(1);
  });

  it('should refuse to resume into another architecture or another batch size', async () => {
    const dir = await tempDir();
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, {
      epochs: 1,
      batchSize: 10,
      callbacks: [new ModelCheckpoint({ dir })],
    });
    const other = new QuantumTrainer({
      model: sequential([dense({ units: 9 }), relu(), dense({ units: 3 })], { inputSize: 4 }),
      loss: crossEntropy(),
      optimizer: adam({ lr: 0.01 }),
    });
    await expectQStoreError(
      () => other.resumeFrom(dir),
      'CHECKPOINT_MISMATCH',
      /another architecture/,
    );
    const same = smallTrainer(adam({ lr: 0.01 }));
    await same.resumeFrom(dir);
    await expectQStoreError(
      () => same.fit(data.train, { epochs: 2, batchSize: 11 }),
      'CHECKPOINT_MISMATCH',
      /batchSize 10/,
    );
    await expectQStoreError(() => same.resumeFrom(join(dir, 'nothing')), 'NOT_FOUND');
  });
});
