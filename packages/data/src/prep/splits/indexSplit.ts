import { type DataSplit, type Seed, takeRows, ValidationError } from '@qstore/core';

/**
 * A split stored as index lists, e.g. `{ train: [...], val: [...], test: [...] }` or one k-fold
 * `{ train, test }`: the shape `@qstore/quality` records (its `SplitRecord` plus dataset id and
 * version). Indices are sorted ascending; the same seed gives the same lists on every machine.
 */
export interface IndexSplit {
  /** How it was made, e.g. `"stratified"` or `"kfold(k=5,fold=2)"`. */
  readonly method: string;
  /** The seed it was made with. */
  readonly seed: Seed;
  /** Sample indices per split name. */
  readonly indices: Readonly<Record<string, readonly number[]>>;
}

/**
 * The samples of `data` ({x, y}) picked by each index list of `split` (copies the rows); empty
 * lists give no entry. Throws `INVALID_ARGUMENT` for an index outside the data.
 */
export function applySplit(data: DataSplit, split: IndexSplit): Record<string, DataSplit> {
  const out: Record<string, DataSplit> = {};
  const rows = data.x.shape[0] ?? 0;
  for (const [name, indices] of Object.entries(split.indices)) {
    if (indices.length === 0) continue;
    const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= rows);
    if (bad !== undefined) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `split "${name}": index ${bad} is outside [0, ${rows})`,
        {
          scope: 'data/splits',
        },
      );
    }
    out[name] = {
      x: takeRows(data.x, indices),
      ...(data.y === undefined ? {} : { y: takeRows(data.y, indices) }),
    };
  }
  return out;
}

/** Sorted copies of index lists (how every splitter stores them). */
export function sortedLists<K extends string>(lists: Record<K, number[]>): Record<K, number[]> {
  const out = {} as Record<K, number[]>;
  for (const key of Object.keys(lists) as K[]) out[key] = [...lists[key]].sort((a, b) => a - b);
  return out;
}
