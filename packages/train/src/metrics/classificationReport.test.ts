import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  classificationReport,
  confusionMatrix,
  predictClasses,
} from './classificationReport.js';

// Checked by hand (and equal to scikit-learn's classification_report with zero_division=0).
const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2, 3];
const predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 1];

describe('classification metrics', () => {
  it('should build the confusion matrix with rows = actual classes', () => {
    expect(confusionMatrix({ actual, predicted, numClasses: 4 })).toEqual([
      [2, 1, 0, 0],
      [0, 1, 1, 0],
      [1, 0, 3, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('should compute accuracy, per-class and macro precision/recall/F1', () => {
    const report = classificationReport({ actual, predicted, numClasses: 4 });
    expect(report.accuracy).toBe(0.6);
    expect(accuracy(predicted, actual)).toBe(0.6);
    const [c0, c1, c2, c3] = report.perClass;
    expect(c0).toMatchObject({ precision: 2 / 3, recall: 2 / 3, support: 3 });
    expect(c1).toMatchObject({ precision: 1 / 3, recall: 1 / 2, support: 2 });
    expect(c1!.f1).toBeCloseTo(0.4, 14);
    expect(c2).toMatchObject({ precision: 3 / 4, recall: 3 / 4, f1: 0.75 });
    expect(c3).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(report.macro.precision).toBeCloseTo((2 / 3 + 1 / 3 + 3 / 4) / 4, 14);
    expect(report.macro.recall).toBeCloseTo((2 / 3 + 1 / 2 + 3 / 4) / 4, 14);
    expect(report.macro.f1).toBeCloseTo((2 / 3 + 0.4 + 0.75) / 4, 14);
  });

  it('should pick classes by arg-max or by threshold for one output', () => {
    expect(Array.from(predictClasses(Float64Array.from([0.1, 0.7, 0.2, 3, -1, 0]), 3))).toEqual([
      1, 0,
    ]);
    expect(Array.from(predictClasses(Float64Array.from([0.3, -0.2]), 1))).toEqual([1, 0]);
  });

  it('should refuse labels outside the range and mismatched lengths', async () => {
    await expectQStoreError(
      () => confusionMatrix({ actual: [0, 4], predicted: [0, 1], numClasses: 4 }),
      'LABEL_OUT_OF_RANGE',
    );
    await expectQStoreError(
      () => confusionMatrix({ actual: [0], predicted: [0, 1], numClasses: 2 }),
      'SHAPE_MISMATCH',
    );
  });
});
