import type { Tensor } from '@qstore/core';
import type { LabelsInput } from '../internal/labels.js';
import { classDistribution, computeStatistics, detectOutliers } from './dataProfiler.js';
import { checkFinite } from './dataValidator.js';

/** What {@link profileReport} includes. */
export interface ProfileReportOptions {
  /** Class labels, one per sample, for the class distribution. */
  labels?: LabelsInput;
  /** A name per feature. @default `f0`, `f1`, … */
  featureNames?: readonly string[];
  /** Features listed in the statistics table. @default 20 */
  maxFeatures?: number;
}

const format = (v: number) => (Number.isInteger(v) ? String(v) : v.toPrecision(4));

/**
 * A readable text profile of `x` ([samples, features]) (DataProfiler): size, non-finite values,
 * per-feature statistics, IQR and z-score outlier counts, and the class distribution.
 */
export function profileReport(x: Tensor, options: ProfileReportOptions = {}): string {
  const [rows = 0, cols = 0] = x.shape;
  const lines = [`Data profile: ${rows} samples × ${cols} features (${x.dtype})`];
  const finite = checkFinite(x);
  if (!finite.ok) return [...lines, `Not profiled: ${finite.reason}`].join('\n');
  const stats = computeStatistics(x);
  const shown = Math.min(cols, options.maxFeatures ?? 20);
  const header = ['feature', 'mean', 'std', 'min', 'q1', 'median', 'q3', 'max'];
  const table = stats
    .slice(0, shown)
    .map((s, j) => [
      options.featureNames?.[j] ?? `f${j}`,
      ...[s.mean, s.std, s.min, s.q1, s.median, s.q3, s.max].map(format),
    ]);
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((row) => row[c]!.length)));
  const render = (row: readonly string[]) =>
    row.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  lines.push('', render(header), ...table.map(render));
  if (shown < cols) lines.push(`… ${cols - shown} more features`);
  const iqr = detectOutliers(x, { method: 'iqr' }).length;
  const z = detectOutliers(x, { method: 'zscore' }).length;
  lines.push('', `Outlier rows: ${iqr} by IQR (1.5), ${z} by z-score (3)`);
  if (options.labels !== undefined) {
    const distribution = classDistribution(options.labels);
    const total = [...distribution.values()].reduce((a, b) => a + b, 0);
    lines.push('', `Classes: ${distribution.size}`);
    for (const [label, count] of distribution) {
      lines.push(`  ${String(label)}: ${count} (${((100 * count) / total).toFixed(1)}%)`);
    }
  }
  return lines.join('\n');
}
