import type { ClassificationReport } from '@qstore/train';

/** The test accuracy, macro F1 and the confusion matrix (rows: actual, columns: predicted) as text. */
export function formatReport(report: ClassificationReport, classes: readonly string[]): string {
  const names = report.confusion.map((_, c) => classes[c] ?? String(c));
  const labelWidth = Math.max(...names.map((name) => name.length));
  const cellWidth = Math.max(
    4,
    ...report.confusion.flat().map((count) => String(count).length + 1),
  );
  const header = `${' '.repeat(labelWidth)} ${names.map((_, c) => String(c).padStart(cellWidth)).join('')}`;
  const rows = report.confusion.map(
    (row, c) =>
      `${names[c]!.padStart(labelWidth)} ${row.map((count) => String(count).padStart(cellWidth)).join('')}`,
  );
  return [
    `test accuracy ${(report.accuracy * 100).toFixed(2)}%, macro F1 ${report.macro.f1.toFixed(3)}`,
    'confusion matrix (rows: actual class, columns: predicted class index)',
    header,
    ...rows,
  ].join('\n');
}
