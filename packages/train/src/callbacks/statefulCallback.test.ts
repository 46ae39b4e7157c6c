import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { data, smallTrainer } from '../../test/trainers.js';
import { adam } from '../optimizers/adam.js';
import type { QuantumTrainer } from '../quantumTrainer.js';
import { lambdaSchedule } from '../schedulers/lambdaSchedule.js';
import { ConvergenceDetector } from './convergenceDetector.js';
import { EarlyStopping } from './earlyStopping.js';
import { lambdaCallback } from './lambdaCallback.js';
import { ModelCheckpoint } from './modelCheckpoint.js';

// Learns for 3 epochs, then the rate drops to 0 and the last layer is flipped once: early
// stopping (patience 2) then stops at epoch 4 and restores the weights of epoch 2.
const makeTrainer = () =>
  smallTrainer(adam({ lr: 0.05 }), {
    scheduler: lambdaSchedule({ lr: 0.05, factor: (t) => (t < 3 ? 1 : 0) }),
  });
const sabotage = (trainer: QuantumTrainer) =>
  lambdaCallback({
    onEpochBegin: (epoch) => {
      if (epoch === 3)
        trainer.model.params.subarray(40).forEach((v, i, a) => {
          a[i] = -v;
        });
    },
  });

describe('stateful callbacks across a resume', () => {
  const tempDir = useTempDirs();

  it('should make the same early-stopping decision and restore the same weights after resumeFrom', async () => {
    const straight = makeTrainer();
    const straightStop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const full = await straight.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        sabotage(straight),
        straightStop,
        new ConvergenceDetector(),
        new ModelCheckpoint({ dir: await tempDir() }),
      ],
    });
    expect(full.epochs).toHaveLength(5);
    expect(straightStop.bestEpoch).toBe(2);

    const dir = await tempDir();
    const first = makeTrainer();
    await first.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        sabotage(first),
        new EarlyStopping({ patience: 2, restoreBestWeights: true }),
        new ConvergenceDetector(),
        new ModelCheckpoint({ dir }),
        lambdaCallback({
          onEpochEnd: (epoch, _logs, context) =>
            epoch === 3 ? context.stop('interrupted') : undefined,
        }),
      ],
    });
    const second = makeTrainer();
    await second.resumeFrom(dir);
    const resumedStop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const resumed = await second.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        sabotage(second),
        resumedStop,
        new ConvergenceDetector(),
        new ModelCheckpoint({ dir }),
      ],
    });
    expect(resumed.epochs).toEqual(full.epochs);
    expect(resumedStop.stoppedEpoch).toBe(4);
    expect(resumedStop.bestEpoch).toBe(2);
    expect(second.model.params).toEqual(straight.model.params);
  });
});
