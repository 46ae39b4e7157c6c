import { StateError } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { blobs } from '../test/blobs.js';
import { rotationBackend, rotationCircuit } from '../test/rotationBackend.js';
import { lambdaCallback } from './callbacks/lambdaCallback.js';
import { relu } from './layers/activation.js';
import { backendLayer } from './layers/backendLayer.js';
import { dense } from './layers/dense.js';
import { crossEntropy } from './losses/crossEntropy.js';
import { meanSquaredError } from './losses/meanSquaredError.js';
import { adam } from './optimizers/adam.js';
import { sgd } from './optimizers/sgd.js';
import { spsa } from './optimizers/spsa.js';
import { QuantumTrainer } from './quantumTrainer.js';
import { cosineAnnealing } from './schedulers/cosineAnnealing.js';
import { reduceOnPlateau } from './schedulers/reduceOnPlateau.js';
import { sequential } from './sequential.js';

const train = blobs({ samples: 150, seed: 1 });
const test = blobs({ samples: 60, seed: 2 });

function classifier(seed = 3) {
  const model = sequential([dense({ units: 12, init: 'he-normal' }), relu(), dense({ units: 3 })], {
    inputSize: 4,
    seed,
  });
  return new QuantumTrainer({ model, loss: crossEntropy(), optimizer: adam({ lr: 0.02 }) });
}

describe('QuantumTrainer', () => {
  it('should learn separable blobs and report history, evaluate and predict', async () => {
    const trainer = classifier();
    const history = await trainer.fit(train, {
      epochs: 15,
      batchSize: 16,
      seed: 4,
      validation: test,
    });
    expect(history.epochs).toHaveLength(15);
    expect(history.epochs[14]!['loss']).toBeLessThan(history.epochs[0]!['loss']!);
    expect(history.epochs[14]!['val_accuracy']).toBeGreaterThan(0.9);
    const evaluated = await trainer.evaluate(test);
    expect(evaluated['accuracy']).toBe(history.epochs[14]!['val_accuracy']);
    const predicted = await trainer.predict(test.x);
    expect(predicted.shape).toEqual([60, 3]);
  });

  it('should give bit-identical parameters for the same seed', async () => {
    const run = async () => {
      const trainer = classifier();
      await trainer.fit(train, { epochs: 3, batchSize: 10, seed: 9 });
      return trainer.model.params;
    };
    expect(await run()).toEqual(await run());
  });

  it('should train a hybrid model through a quantum backend layer', async () => {
    const { circuit, observables } = rotationCircuit(2);
    const model = sequential(
      [
        dense({ units: 2 }),
        backendLayer({ backend: rotationBackend(), circuit, observables }),
        dense({ units: 3 }),
      ],
      { inputSize: 4, seed: 5 },
    );
    const trainer = new QuantumTrainer({
      model,
      loss: crossEntropy(),
      optimizer: adam({ lr: 0.05 }),
      scheduler: cosineAnnealing({ lr: 0.05, tMax: 20 }),
    });
    const history = await trainer.fit(train, {
      epochs: 20,
      batchSize: 15,
      seed: 1,
      validation: test,
    });
    expect(history.epochs[19]!['loss']).toBeLessThan(history.epochs[0]!['loss']! * 0.6);
    expect(history.epochs[19]!['val_accuracy']).toBeGreaterThan(0.8);
    expect(history.epochs[19]!['lr']).toBeCloseTo(
      (0.05 * (1 + Math.cos((Math.PI * 19) / 20))) / 2,
      12,
    );
  });

  it('should fit the angle of a 1-qubit circuit RY(x)·RY(w) with ⟨Z⟩ = cos(x + w) end to end', async () => {
    const { circuit, observables } = rotationCircuit(1);
    const model = sequential(
      [backendLayer({ backend: rotationBackend(), circuit, observables, init: 'zeros' })],
      {
        inputSize: 1,
      },
    );
    const xs = Float64Array.from({ length: 64 }, (_, i) => -Math.PI + (2 * Math.PI * i) / 64);
    const data = {
      x: { dtype: 'float64' as const, shape: [64, 1], data: xs },
      y: { dtype: 'float64' as const, shape: [64, 1], data: xs.map((x) => Math.cos(x + 0.7)) },
    };
    const trainer = new QuantumTrainer({
      model,
      loss: meanSquaredError(),
      optimizer: adam({ lr: 0.05 }),
    });
    const history = await trainer.fit(data, { epochs: 40, batchSize: 16, seed: 1 });
    expect(model.params[0]).toBeCloseTo(0.7, 3);
    expect(history.epochs[39]!['loss']).toBeLessThan(1e-6);
  });

  it('should feed the monitored validation loss to a plateau scheduler at each epoch end', async () => {
    const model = sequential([dense({ units: 3 })], { inputSize: 4, seed: 2 });
    const options = { lr: 0.5, patience: 0, factor: 0.5, threshold: 0.2 };
    const trainer = new QuantumTrainer({
      model,
      loss: crossEntropy(),
      optimizer: sgd({ lr: 1 }),
      scheduler: reduceOnPlateau(options),
    });
    const history = await trainer.fit(train, {
      epochs: 12,
      batchSize: 50,
      seed: 3,
      validation: test,
    });
    const reference = reduceOnPlateau(options);
    const expected = [
      reference.lr,
      ...history.epochs.slice(0, -1).map((logs) => reference.step(logs['val_loss'])),
    ];
    expect(history.epochs.map((logs) => logs['lr'])).toEqual(expected);
    expect(new Set(expected).size).toBeGreaterThan(1);
  });

  it('should train with gradient-free SPSA', async () => {
    const rng = blobs({ samples: 80, features: 2, classes: 2, seed: 5 });
    const y = Float64Array.from(rng.x.data as Float64Array)
      .filter((_, i) => i % 2 === 0)
      .map((v, i) => 0.5 * v - 0.3 * (rng.x.data[2 * i + 1] as number) + 0.1);
    const data = { x: rng.x, y: { dtype: 'float64' as const, shape: [80, 1], data: y } };
    const model = sequential([dense({ units: 1 })], { inputSize: 2, seed: 1 });
    const trainer = new QuantumTrainer({
      model,
      loss: meanSquaredError(),
      optimizer: spsa({ lr: 0.2, perturbation: 0.05, seed: 3 }),
    });
    const history = await trainer.fit(data, { epochs: 80, batchSize: 20, seed: 2 });
    expect(history.epochs[79]!['loss']).toBeLessThan(history.epochs[0]!['loss']! / 50);
  });

  it('should stop when a callback asks, and through stop()', async () => {
    const trainer = classifier();
    const history = await trainer.fit(train, {
      epochs: 10,
      callbacks: [
        lambdaCallback({
          onBatchEnd: (batch, _logs, context) => (batch === 2 ? context.stop('enough') : undefined),
        }),
      ],
    });
    expect(history.stopReason).toBe('enough');
    expect(history.epochs).toHaveLength(0);
    const second = classifier();
    const h2 = await second.fit(train, {
      epochs: 10,
      callbacks: [
        lambdaCallback({ onEpochEnd: (epoch) => (epoch === 1 ? second.stop() : undefined) }),
      ],
    });
    expect(h2.epochs).toHaveLength(2);
  });

  it('should pause and resume, and abort through a signal with ABORTED', async () => {
    const trainer = classifier();
    const seen: number[] = [];
    const done = trainer.fit(train, {
      epochs: 2,
      callbacks: [
        lambdaCallback({
          onBatchEnd: (batch) => {
            seen.push(batch);
            if (seen.length === 2) trainer.pause();
          },
        }),
      ],
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(trainer.paused).toBe(true);
    expect(seen).toEqual([0, 1]);
    trainer.resume();
    expect((await done).epochs).toHaveLength(2);

    const controller = new AbortController();
    let endError: unknown;
    const aborted = classifier().fit(train, {
      epochs: 5,
      signal: controller.signal,
      callbacks: [
        lambdaCallback({
          onBatchEnd: (batch) => (batch === 3 ? controller.abort() : undefined),
          onTrainEnd: (_c, _l, error) => {
            endError = error;
          },
        }),
      ],
    });
    await expectQStoreError(() => aborted, 'ABORTED', /epoch 0, batch 4/);
    expect(endError).toBeInstanceOf(StateError);
  });

  it('should reject bad data with codes', async () => {
    const trainer = classifier();
    const badLabel = {
      x: train.x,
      y: {
        ...train.y!,
        data: Float64Array.from(train.y!.data as Float64Array, (v, i) => (i === 7 ? 3 : v)),
      },
    };
    await expectQStoreError(
      () => trainer.fit(badLabel, { epochs: 1 }),
      'LABEL_OUT_OF_RANGE',
      /label 3 at index 7.*\[0, 2\]/,
    );
    const fractional = {
      x: train.x,
      y: {
        ...train.y!,
        data: Float64Array.from(train.y!.data as Float64Array, (v, i) => (i === 0 ? 0.5 : v)),
      },
    };
    await expectQStoreError(() => trainer.fit(fractional, { epochs: 1 }), 'LABEL_OUT_OF_RANGE');
    const short = {
      x: train.x,
      y: { dtype: 'float64' as const, shape: [149], data: new Float64Array(149) },
    };
    await expectQStoreError(
      () => trainer.fit(short, { epochs: 1 }),
      'SHAPE_MISMATCH',
      /150 samples but y has 149/,
    );
    const wide = blobs({ samples: 10, features: 5 });
    await expectQStoreError(() => trainer.fit(wide, { epochs: 1 }), 'SHAPE_MISMATCH', /5 features/);
    const nanX = Float64Array.from(train.x.data as Float64Array);
    nanX[4 * 40 + 2] = Number.NaN;
    const before = Float64Array.from(trainer.model.params);
    await expectQStoreError(
      () =>
        trainer.fit(
          { x: { ...train.x, data: nanX }, y: train.y! },
          { epochs: 1, shuffle: false, batchSize: 32 },
        ),
      'NON_FINITE',
      /epoch 0 batch 1/,
    );
    expect(trainer.model.params.subarray(0, 4)).not.toEqual(before.subarray(0, 4));
    await expectQStoreError(() => trainer.fit(train, { epochs: 0 }), 'INVALID_ARGUMENT', /epochs/);
    await expectQStoreError(
      () => trainer.fit({ x: train.x }, { epochs: 1 }),
      'INVALID_ARGUMENT',
      /no targets/,
    );
    await expectQStoreError(
      () =>
        new QuantumTrainer({
          model: trainer.model,
          loss: crossEntropy(),
          optimizer: sgd({ lr: 0.1 }),
          clipNorm: 0,
        }),
      'INVALID_ARGUMENT',
    );
  });
});
