import { type Dataset, numSamples, SPLIT_NAMES } from '@qstore/core';

/** A readable multi-line summary of a dataset: splits, shapes, class balance and feature ranges. */
export function summarize(dataset: Dataset): string {
  const { metadata } = dataset;
  const lines = [
    `dataset ${metadata.name} (source: ${metadata.source}), ${numSamples(dataset)} samples`,
  ];
  for (const name of SPLIT_NAMES) {
    const split = dataset[name];
    if (split === undefined) continue;
    const [rows = 0, features = 1] = split.x.shape;
    const counts = new Map<number, number>();
    for (const label of split.y?.data ?? [])
      counts.set(Number(label), (counts.get(Number(label)) ?? 0) + 1);
    const balance = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([label, count]) => `${metadata.classes?.[label] ?? label}: ${count}`)
      .join(', ');
    const ranges: string[] = [];
    for (let f = 0; f < features; f++) {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let r = 0; r < rows; r++) {
        const v = Number(split.x.data[r * features + f]);
        if (v < min) min = v;
        if (v > max) max = v;
      }
      ranges.push(`x${f} ∈ [${min.toFixed(3)}, ${max.toFixed(3)}]`);
    }
    lines.push(
      `  ${name.padEnd(5)} x ${split.x.dtype}[${split.x.shape.join('×')}]  ${balance}  ${ranges.join('  ')}`,
    );
  }
  for (const step of metadata.lineage ?? [])
    lines.push(`  lineage: ${step.operation} ${JSON.stringify(step.params)}`);
  return lines.join('\n');
}
