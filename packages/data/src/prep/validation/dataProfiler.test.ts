import { fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { classDistribution, computeStatistics, detectOutliers } from './dataProfiler.js';
import { profileReport } from './profileReport.js';

// Feature 0: 1 … 9 and one outlier 100; feature 1: constant.
const x = tensor(
  Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 100].flatMap((v) => [v, 7])),
  [10, 2],
);

describe('DataProfiler', () => {
  it('should compute per-feature statistics', () => {
    const [first, second] = computeStatistics(x);
    expect(first!.mean).toBe(14.5);
    expect(first!.min).toBe(1);
    expect(first!.max).toBe(100);
    expect(first!.median).toBe(5.5);
    // Linear interpolation, as numpy.quantile by default.
    expect(first!.q1).toBe(3.25);
    expect(first!.q3).toBe(7.75);
    expect(second).toEqual({ mean: 7, std: 0, min: 7, max: 7, q1: 7, median: 7, q3: 7 });
  });

  it('should count classes in label order', () => {
    expect([...classDistribution([2, 0, 2, 1, 2])]).toEqual([
      [0, 1],
      [1, 1],
      [2, 3],
    ]);
  });

  it('should find outliers by IQR and by z-score', () => {
    expect(detectOutliers(x)).toEqual([9]);
    expect(detectOutliers(x, { method: 'zscore', threshold: 2 })).toEqual([9]);
    expect(detectOutliers(x, { method: 'zscore', threshold: 5 })).toEqual([]);
  });

  it('should write a readable report', () => {
    const report = profileReport(x, {
      labels: [0, 0, 0, 0, 0, 1, 1, 1, 1, 1],
      featureNames: ['size', 'flag'],
    });
    expect(report).toContain('Data profile: 10 samples × 2 features (float64)');
    expect(report).toMatch(/size\s+14\.50\s+/);
    expect(report).toContain('Outlier rows: 1 by IQR (1.5), 0 by z-score (3)');
    expect(report).toContain('1: 5 (50.0%)');
    expect(profileReport(fromNested([[Number.NaN]]))).toContain(
      'Not profiled: expected finite values',
    );
  });

  it('should reject bad input with a code', async () => {
    await expectQStoreError(() => computeStatistics(fromNested([1, 2])), 'SHAPE_MISMATCH');
    await expectQStoreError(() => detectOutliers(x, { threshold: 0 }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => computeStatistics(fromNested([[Number.NaN]])), 'NON_FINITE');
  });
});
