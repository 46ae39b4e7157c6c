import {
  createRng,
  parseWithSchema,
  type Seed,
  splitRatiosSchema,
  ValidationError,
} from '@qstore/core';
import { indicesByValue, type LabelsInput, labelList } from '../internal/labels.js';
import { requireInteger } from '../internal/matrix.js';
import { type IndexSplit, sortedLists } from './indexSplit.js';

const SCOPE = 'data/splits';

/** Train/val/test shares; they must sum to 1 (val and test default to 0). */
export interface SplitRatiosInput {
  train: number;
  val?: number;
  test?: number;
}

function checkedRatios(ratios: SplitRatiosInput): [number, number, number] {
  const r = parseWithSchema(splitRatiosSchema, ratios, { scope: SCOPE, what: 'split ratios' });
  return [r.train, r.val, r.test];
}

/** `n × ratio`, snapped to 1e-9 so that 10 × 0.7 counts as exactly 7. */
function idealCounts(n: number, ratios: readonly number[]): number[] {
  return ratios.map((r) => Math.round(n * r * 1e9) / 1e9);
}

/** Whole counts closest to `n × ratio` that sum to `n` (largest remainder, ties to the earlier split). */
function countsFor(n: number, ratios: readonly number[]): number[] {
  const ideal = idealCounts(n, ratios);
  const counts = ideal.map(Math.floor);
  const order = ideal
    .map((_, i) => i)
    .sort((a, b) => ideal[b]! - counts[b]! - (ideal[a]! - counts[a]!) || a - b);
  for (let extra = n - counts.reduce((s, c) => s + c, 0), k = 0; extra > 0; extra--, k++) {
    counts[order[k % order.length]!]! += 1;
  }
  return counts;
}

/** Appends consecutive runs of `items`, `counts[s]` long, to `lists[s]`. */
function deal(items: readonly number[], counts: readonly number[], lists: number[][]): void {
  let start = 0;
  for (const [s, count] of counts.entries()) {
    lists[s]!.push(...items.slice(start, start + count));
    start += count;
  }
}

function result(method: string, seed: Seed, lists: number[][]): IndexSplit {
  return {
    method,
    seed,
    indices: sortedLists({ train: lists[0]!, val: lists[1]!, test: lists[2]! }),
  };
}

/** A shuffled train/val/test split of `nSamples` samples by ratios (DataSplitter.trainValTestSplit). */
export function ratioSplit(options: {
  nSamples: number;
  ratios: SplitRatiosInput;
  seed: Seed;
}): IndexSplit {
  requireInteger(options.nSamples, { min: 1 }, { scope: SCOPE, what: 'nSamples' });
  const counts = countsFor(options.nSamples, checkedRatios(options.ratios));
  const order = Array.from(createRng(options.seed).permutation(options.nSamples));
  const lists: number[][] = [[], [], []];
  deal(order, counts, lists);
  return result('ratio', options.seed, lists);
}

/**
 * A train/val/test split that keeps each class's share: every class gets ⌊c·r⌋ or ⌈c·r⌉ samples in
 * each split (within one sample of ideal), with the rounding chosen to keep split sizes on target.
 */
export function stratifiedSplit(options: {
  labels: LabelsInput;
  ratios: SplitRatiosInput;
  seed: Seed;
}): IndexSplit {
  const ratios = checkedRatios(options.ratios);
  const labels = labelList(options.labels, SCOPE);
  const assigned = [0, 0, 0];
  const owed = [0, 0, 0];
  const lists: number[][] = [[], [], []];
  const rng = createRng(options.seed);
  for (const members of indicesByValue(labels).values()) {
    rng.shuffle(members);
    const ideal = idealCounts(members.length, ratios);
    const counts = ideal.map(Math.floor);
    let extra = members.length - counts.reduce((s, c) => s + c, 0);
    // Round up in the splits that are furthest behind their share of the samples seen so far
    // (cumulative rounding), among those with a fraction left: split sizes stay on target.
    ideal.forEach((value, s) => {
      owed[s]! += value;
    });
    const gap = (s: number) => owed[s]! - assigned[s]! - counts[s]!;
    const candidates = [0, 1, 2]
      .filter((s) => ideal[s]! > counts[s]!)
      .sort((a, b) => gap(b) - gap(a) || a - b);
    for (const s of candidates) if (extra-- > 0) counts[s]! += 1;
    deal(members, counts, lists);
    for (const [s, count] of counts.entries()) assigned[s]! += count;
  }
  return result('stratified', options.seed, lists);
}

/**
 * A train/val/test split in which every group (patient, session, source file) lies in one split
 * only; groups are shuffled and each goes to the split furthest below its target size.
 */
export function groupSplit(options: {
  groups: LabelsInput;
  ratios: SplitRatiosInput;
  seed: Seed;
}): IndexSplit {
  const ratios = checkedRatios(options.ratios);
  const groups = [...indicesByValue(labelList(options.groups, SCOPE, 'groups')).values()];
  const needed = ratios.filter((r) => r > 0).length;
  if (groups.length < needed) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `groups: ${groups.length} distinct groups cannot fill ${needed} non-empty splits`,
      { scope: SCOPE },
    );
  }
  const n = groups.reduce((s, g) => s + g.length, 0);
  const targets = countsFor(n, ratios);
  const lists: number[][] = [[], [], []];
  for (const members of createRng(options.seed).shuffle(groups)) {
    const open = [0, 1, 2].filter((s) => ratios[s]! > 0);
    const deficit = (s: number) => targets[s]! - lists[s]!.length;
    const best = open.reduce((a, b) => (deficit(b) > deficit(a) ? b : a));
    lists[best]!.push(...members);
  }
  return result('group', options.seed, lists);
}
