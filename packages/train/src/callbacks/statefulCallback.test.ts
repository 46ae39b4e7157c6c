import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { data, flipLastLayer, plateauTrainer } from '../../test/trainers.js';
import { ConvergenceDetector } from './convergenceDetector.js';
import { EarlyStopping } from './earlyStopping.js';
import { lambdaCallback } from './lambdaCallback.js';
import { ModelCheckpoint } from './modelCheckpoint.js';

describe('stateful callbacks across a resume', () => {
  const tempDir = useTempDirs();

  it('should make the same early-stopping decision and restore the same weights after resumeFrom', async () => {
    const straight = plateauTrainer();
    const straightStop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const full = await straight.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        flipLastLayer(straight),
        straightStop,
        new ConvergenceDetector(),
        new ModelCheckpoint({ dir: await tempDir() }),
      ],
    });
    expect(full.epochs).toHaveLength(5);
    expect(straightStop.bestEpoch).toBe(2);

    const dir = await tempDir();
    const first = plateauTrainer();
    await first.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        flipLastLayer(first),
        new EarlyStopping({ patience: 2, restoreBestWeights: true }),
        new ConvergenceDetector(),
        new ModelCheckpoint({ dir }),
        lambdaCallback({
          onEpochEnd: (epoch, _logs, context) =>
            epoch === 3 ? context.stop('interrupted') : undefined,
        }),
      ],
    });
    const second = plateauTrainer();
    await second.resumeFrom(dir);
    const resumedStop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
    const resumed = await second.fit(data.train, {
      epochs: 12,
      validation: data.validation,
      callbacks: [
        flipLastLayer(second),
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
