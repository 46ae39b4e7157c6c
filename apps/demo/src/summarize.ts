import { type Dataset, numSamples, SPLIT_NAMES } from '@qstore/core';

/** A readable summary of a dataset: its splits with shapes and class balance, and its lineage. */
export function summarize(dataset: Dataset): string {
  const { metadata } = dataset;
  const lines = [
    `dataset ${metadata.name} (source: ${metadata.source}), ${numSamples(dataset)} samples`,
  ];
  for (const name of SPLIT_NAMES) {
    const split = dataset[name];
    if (split === undefined) continue;
    const counts = new Map<number, number>();
    for (const label of split.y?.data ?? [])
      counts.set(Number(label), (counts.get(Number(label)) ?? 0) + 1);
    const balance = [...counts.entries()]
      .sort(([a], [b]) => a - b)
      .map(([label, count]) => `${metadata.classes?.[label] ?? label}: ${count}`)
      .join(', ');
    lines.push(`  ${name.padEnd(5)} x ${split.x.dtype}[${split.x.shape.join('×')}]  ${balance}`);
  }
  for (const step of metadata.lineage ?? [])
    lines.push(`  lineage: ${step.operation} ${JSON.stringify(step.params)}`);
  return lines.join('\n');
}
