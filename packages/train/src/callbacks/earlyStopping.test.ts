import { describe, expect, it } from 'vitest';
import { data, flipLastLayer, plateauTrainer, smallTrainer } from '../../test/trainers.js';
import { adam } from '../optimizers/adam.js';
import { sgd } from '../optimizers/sgd.js';
import { ConvergenceDetector } from './convergenceDetector.js';
import { EarlyStopping } from './earlyStopping.js';
import { lambdaCallback } from './lambdaCallback.js';

describe('EarlyStopping', () => {
  it('should stop a plateauing run within patience epochs and restore the best weights', async () => {
    // Learns for 3 epochs, then the rate drops to 0 and the last layer is flipped once: worse, then flat.
    const trainer = plateauTrainer();
    const snapshots: Float64Array[] = [];
    const early = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const history = await trainer.fit(data.train, {
      epochs: 20,
      validation: data.validation,
      callbacks: [
        flipLastLayer(trainer),
        lambdaCallback({
          onEpochEnd: () => void snapshots.push(Float64Array.from(trainer.model.params)),
        }),
        early,
      ],
    });
    expect(history.epochs).toHaveLength(5);
    expect(early.bestEpoch).toBe(2);
    expect(early.stoppedEpoch).toBe(4);
    expect(history.stopReason).toMatch(/early stopping/);
    expect(history.epochs[3]!['val_loss']).toBeGreaterThan(history.epochs[2]!['val_loss']!);
    expect(trainer.model.params).toEqual(snapshots[2]);
    expect(trainer.model.params).not.toEqual(snapshots[4]);
  });

  it('should honour minDelta, mode max and an unreached baseline', async () => {
    const flat = await smallTrainer(sgd({ lr: 0 })).fit(data.train, {
      epochs: 10,
      validation: data.validation,
      callbacks: [new EarlyStopping({ monitor: 'val_accuracy', patience: 3 })],
    });
    expect(flat.epochs).toHaveLength(4);
    const baseline = new EarlyStopping({ monitor: 'loss', baseline: 0, patience: 2 });
    const h = await smallTrainer(adam({ lr: 0.05 })).fit(data.train, {
      epochs: 10,
      callbacks: [baseline],
    });
    expect(h.epochs).toHaveLength(2);
    const tiny = new EarlyStopping({ monitor: 'loss', minDelta: 10, patience: 1 });
    expect(
      (await smallTrainer(adam({ lr: 0.05 })).fit(data.train, { epochs: 10, callbacks: [tiny] }))
        .epochs,
    ).toHaveLength(2);
  });
});

describe('ConvergenceDetector', () => {
  it('should detect a plateau and stop', async () => {
    const detector = new ConvergenceDetector({ window: 3 });
    const history = await smallTrainer(sgd({ lr: 0 })).fit(data.train, {
      epochs: 10,
      callbacks: [detector],
    });
    expect(detector.status).toBe('plateau');
    expect(detector.detectedAt).toBe(2);
    expect(history.epochs).toHaveLength(3);
  });

  it('should detect divergence and stop', async () => {
    const detector = new ConvergenceDetector({ divergenceFactor: 5 });
    const history = await smallTrainer(sgd({ lr: 40 })).fit(data.train, {
      epochs: 30,
      callbacks: [detector],
    });
    expect(detector.status).toBe('diverged');
    expect(history.epochs.length).toBeLessThan(30);
  });

  it('should leave a learning run alone', async () => {
    const detector = new ConvergenceDetector({ window: 3, stopOnPlateau: false });
    await smallTrainer(adam({ lr: 0.01 })).fit(data.train, { epochs: 5, callbacks: [detector] });
    expect(detector.status).toBe('training');
  });
});
