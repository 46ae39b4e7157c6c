import { createRng, type Seed, ValidationError } from '@qstore/core';
import { indicesByValue, type LabelsInput, labelList } from '../internal/labels.js';
import { requireInteger } from '../internal/matrix.js';
import { type IndexSplit, sortedLists } from './indexSplit.js';

const SCOPE = 'data/splits';

/** The k folds as `{ train, test }` index splits: every sample is in exactly one test fold. */
function toFolds(method: string, seed: Seed, foldOf: Int32Array, k: number): IndexSplit[] {
  return Array.from({ length: k }, (_, fold) => {
    const train: number[] = [];
    const test: number[] = [];
    for (const [i, f] of foldOf.entries()) (f === fold ? test : train).push(i);
    return {
      method: `${method}(k=${k},fold=${fold})`,
      seed,
      indices: sortedLists({ train, test }),
    };
  });
}

function checkK(k: number, most: number, what: string): void {
  requireInteger(k, { min: 2 }, { scope: SCOPE, what: 'k' });
  if (k > most) {
    throw new ValidationError('INVALID_ARGUMENT', `k = ${k} is larger than ${what} (${most})`, {
      scope: SCOPE,
      details: { k, limit: most },
    });
  }
}

/** K-fold cross-validation over `nSamples` shuffled samples; fold sizes differ by at most one. */
export function kFold(options: { nSamples: number; k: number; seed: Seed }): IndexSplit[] {
  const { nSamples: n, k, seed } = options;
  requireInteger(n, { min: 1 }, { scope: SCOPE, what: 'nSamples' });
  checkK(k, n, 'the number of samples');
  const order = createRng(seed).permutation(n);
  const foldOf = new Int32Array(n);
  order.forEach((sample, position) => {
    foldOf[sample] = position % k;
  });
  return toFolds('kfold', seed, foldOf, k);
}

/**
 * Stratified k-fold: each class is shuffled and dealt round-robin over the folds, continuing where
 * the previous class stopped, so each fold holds ⌊c/k⌋ or ⌈c/k⌉ of every class and fold sizes differ
 * by at most one. Throws `INVALID_ARGUMENT` when k exceeds the smallest class count.
 */
export function stratifiedKFold(options: {
  labels: LabelsInput;
  k: number;
  seed: Seed;
}): IndexSplit[] {
  const { k, seed } = options;
  const classes = [...indicesByValue(labelList(options.labels, SCOPE)).values()];
  const smallest = Math.min(...classes.map((members) => members.length));
  checkK(k, smallest, 'the smallest class count');
  const rng = createRng(seed);
  const foldOf = new Int32Array(classes.reduce((s, c) => s + c.length, 0));
  let next = 0;
  for (const members of classes) {
    for (const sample of rng.shuffle(members)) {
      foldOf[sample] = next;
      next = (next + 1) % k;
    }
  }
  return toFolds('stratified-kfold', seed, foldOf, k);
}

/**
 * Group k-fold: no group is split across folds. Groups are shuffled, then placed largest first
 * into the fold with the fewest samples. Throws `INVALID_ARGUMENT` when k exceeds the group count.
 */
export function groupKFold(options: { groups: LabelsInput; k: number; seed: Seed }): IndexSplit[] {
  const { k, seed } = options;
  const groups = [...indicesByValue(labelList(options.groups, SCOPE, 'groups')).values()];
  checkK(k, groups.length, 'the number of groups');
  const ordered = createRng(seed)
    .shuffle(groups)
    .map((members, order) => ({ members, order }))
    .sort((a, b) => b.members.length - a.members.length || a.order - b.order);
  const sizes = new Array<number>(k).fill(0);
  const foldOf = new Int32Array(groups.reduce((s, g) => s + g.length, 0));
  for (const { members } of ordered) {
    const fold = sizes.indexOf(Math.min(...sizes));
    for (const sample of members) foldOf[sample] = fold;
    sizes[fold]! += members.length;
  }
  return toFolds('group-kfold', seed, foldOf, k);
}
