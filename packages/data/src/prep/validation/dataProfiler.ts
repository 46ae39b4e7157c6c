import { type Tensor, ValidationError } from '@qstore/core';
import { max, mean, min, quantileSorted, standardDeviation } from 'simple-statistics';
import { type LabelsInput, labelList } from '../internal/labels.js';
import { asMatrix, type MatrixView, requireFinite } from '../internal/matrix.js';

const SCOPE = 'data/profiler';

/** Summary statistics of one feature (population standard deviation). */
export interface FeatureStatistics {
  readonly mean: number;
  readonly std: number;
  readonly min: number;
  readonly max: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
}

function checkedMatrix(x: Tensor): MatrixView {
  const m = asMatrix(x, { scope: SCOPE, what: 'x' });
  requireFinite(m.data, { scope: SCOPE, what: 'x' });
  if (m.rows === 0) {
    throw new ValidationError('INVALID_ARGUMENT', 'x: expected at least one sample', {
      scope: SCOPE,
    });
  }
  return m;
}

function sortedColumn(m: MatrixView, j: number): number[] {
  const column = new Array<number>(m.rows);
  for (let i = 0; i < m.rows; i++) column[i] = m.data[i * m.cols + j]!;
  return column.sort((a, b) => a - b);
}

/** Mean, std, min, max and quartiles of every feature of `x` ([samples, features]). */
export function computeStatistics(x: Tensor): FeatureStatistics[] {
  const m = checkedMatrix(x);
  return Array.from({ length: m.cols }, (_, j) => {
    const sorted = sortedColumn(m, j);
    return {
      mean: mean(sorted),
      std: standardDeviation(sorted),
      min: min(sorted),
      max: max(sorted),
      q1: quantileSorted(sorted, 0.25),
      median: quantileSorted(sorted, 0.5),
      q3: quantileSorted(sorted, 0.75),
    };
  });
}

/** How many samples each class has, ordered by label. */
export function classDistribution(labels: LabelsInput): Map<number | string, number> {
  const counts = new Map<number | string, number>();
  for (const label of labelList(labels, SCOPE)) counts.set(label, (counts.get(label) ?? 0) + 1);
  const keys = [...counts.keys()].sort((a, b) =>
    typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)),
  );
  return new Map(keys.map((k) => [k, counts.get(k)!]));
}

/** How {@link detectOutliers} decides. */
export interface OutlierOptions {
  /** `iqr`: outside [q1 − t·IQR, q3 + t·IQR]; `zscore`: |z| > t. @default 'iqr' */
  method?: 'iqr' | 'zscore';
  /** The threshold t. @default 1.5 for iqr, 3 for zscore */
  threshold?: number;
}

/** The rows of `x` with at least one outlying feature, ascending. */
export function detectOutliers(x: Tensor, options: OutlierOptions = {}): number[] {
  const method = options.method ?? 'iqr';
  const t = options.threshold ?? (method === 'iqr' ? 1.5 : 3);
  if (!(t > 0)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `threshold: expected a positive number, got ${t}`,
      {
        scope: SCOPE,
      },
    );
  }
  const m = checkedMatrix(x);
  const flagged = new Uint8Array(m.rows);
  for (const [j, s] of computeStatistics(x).entries()) {
    const iqr = s.q3 - s.q1;
    const [low, high] =
      method === 'iqr'
        ? [s.q1 - t * iqr, s.q3 + t * iqr]
        : [s.mean - t * s.std, s.mean + t * s.std];
    // A constant feature has no spread and no outliers.
    if (high === low) continue;
    for (let i = 0; i < m.rows; i++) {
      const v = m.data[i * m.cols + j]!;
      if (v < low || v > high) flagged[i] = 1;
    }
  }
  return [...flagged.keys()].filter((i) => flagged[i] === 1);
}
