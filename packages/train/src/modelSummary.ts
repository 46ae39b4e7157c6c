import type { Model } from './sequential.js';

/**
 * A text table of a model: one row per layer with its name, type, output size and parameter
 * count, then the total, like Keras' `model.summary()`.
 */
export function modelSummary(model: Model): string {
  const rows = [
    ['Layer', 'Type', 'Output', 'Params'],
    ...model.layers.map((layer) => [
      layer.name,
      layer.type,
      `[batch, ${layer.outputSize}]`,
      String(layer.params.length),
    ]),
  ];
  const widths = [0, 1, 2, 3].map((col) => Math.max(...rows.map((row) => row[col]!.length)));
  const format = (row: string[]) =>
    row.map((cell, col) => (col === 3 ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)));
  const rule = '-'.repeat(widths.reduce((a, b) => a + b, 0) + 6);
  const lines = rows.map((row) => format(row).join('  '));
  return [
    `Model: input ${model.inputSize}, output ${model.outputSize}`,
    rule,
    lines[0]!,
    rule,
    ...lines.slice(1),
    rule,
    `Total params: ${model.parameterCount}`,
  ].join('\n');
}
