import { type Dataset, SPLIT_NAMES } from '@qstore/core';

/**
 * The number of classes: the length of `metadata.classes` when known, otherwise the number of
 * distinct labels over every split's 1-D `y` (0 when there are no labels).
 */
export function numClasses(dataset: Dataset): number {
  if (dataset.metadata.classes !== undefined) return dataset.metadata.classes.length;
  const seen = new Set<number | bigint>();
  for (const name of SPLIT_NAMES) {
    const y = dataset[name]?.y;
    if (y === undefined || y.shape.length !== 1) continue;
    for (const value of y.data) seen.add(value);
  }
  return seen.size;
}
