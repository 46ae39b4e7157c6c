import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { binaryCrossEntropy } from './binaryCrossEntropy.js';
import { crossEntropy } from './crossEntropy.js';
import { hinge } from './hinge.js';
import { meanSquaredError } from './meanSquaredError.js';

const f = (...v: number[]) => Float64Array.from(v);

describe('losses', () => {
  it('should compute cross-entropy from logits stably, with gradient softmax - onehot', () => {
    const { loss, gradient } = crossEntropy().compute(f(2, 1, 0, 1000, 0, -1000), f(0, 1), {
      batchSize: 2,
      outputSize: 3,
    });
    const z = Math.exp(2) + Math.exp(1) + 1;
    expect(loss).toBeCloseTo((Math.log(z) - 2 + 1000) / 2, 12);
    expect(gradient[0]).toBeCloseTo((Math.exp(2) / z - 1) / 2, 14);
    expect(gradient[4]).toBeCloseTo(-0.5, 14);
    expect(Number.isFinite(loss)).toBe(true);
  });

  it('should compute binary cross-entropy from logits like BCEWithLogitsLoss', () => {
    const { loss, gradient } = binaryCrossEntropy().compute(f(0.5, -800), f(1, 0), {
      batchSize: 2,
      outputSize: 1,
    });
    expect(loss).toBeCloseTo(Math.log1p(Math.exp(-0.5)) / 2, 14);
    expect(gradient[0]).toBeCloseTo((1 / (1 + Math.exp(-0.5)) - 1) / 2, 14);
  });

  it('should compute mse and hinge', () => {
    expect(meanSquaredError().compute(f(1, 2), f(0, 4), { batchSize: 1, outputSize: 2 })).toEqual({
      loss: 2.5,
      gradient: f(1, -2),
    });
    const h = hinge().compute(f(0.5, -2, 3), f(1, 0, -1), { batchSize: 3, outputSize: 1 });
    expect(h.loss).toBeCloseTo((0.5 + 0 + 4) / 3, 14);
    expect(Array.from(h.gradient)).toEqual([-1 / 3, 0, 1 / 3]);
  });

  it('should refuse labels outside the class range and non-finite targets', async () => {
    await expectQStoreError(
      () => crossEntropy().validateTargets(f(0, 3), 3),
      'LABEL_OUT_OF_RANGE',
      /\[0, 2\]/,
    );
    await expectQStoreError(() => crossEntropy().validateTargets(f(-1), 3), 'LABEL_OUT_OF_RANGE');
    await expectQStoreError(
      () => binaryCrossEntropy().validateTargets(f(0.5), 1),
      'LABEL_OUT_OF_RANGE',
    );
    await expectQStoreError(() => hinge().validateTargets(f(2), 1), 'LABEL_OUT_OF_RANGE');
    await expectQStoreError(
      () => meanSquaredError().validateTargets(f(Number.NaN), 1),
      'NON_FINITE',
    );
  });
});
