import { fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySplit, type IndexSplit } from './indexSplit.js';
import { groupKFold, kFold, stratifiedKFold } from './kFold.js';
import { groupSplit, ratioSplit, stratifiedSplit } from './ratioSplits.js';

// Ten classes of uneven size: class c has 50 + 7c samples (815 in all), interleaved.
const labelArray: number[] = [];
for (let c = 0; c < 10; c++) for (let i = 0; i < 50 + 7 * c; i++) labelArray.push(c);
labelArray.sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13) || a - b);
const labels = tensor(Int32Array.from(labelArray), [labelArray.length]);
const ratios = { train: 0.7, val: 0.15, test: 0.15 };

function expectPartition(lists: ReadonlyArray<readonly number[]>, n: number) {
  const all = lists.flat();
  expect(all.length).toBe(n);
  expect(new Set(all).size).toBe(n);
  expect(Math.min(...all)).toBe(0);
  expect(Math.max(...all)).toBe(n - 1);
}

describe('ratio splits', () => {
  it('should split by ratios into sorted index lists that cover every sample once', () => {
    const split = ratioSplit({ nSamples: 101, ratios, seed: 1 });
    const { train, val, test } = split.indices;
    expect([train!.length, val!.length, test!.length]).toEqual([71, 15, 15]);
    expectPartition([train!, val!, test!], 101);
    expect([...train!]).toEqual([...train!].sort((a, b) => a - b));
    expect(JSON.parse(JSON.stringify(split))).toEqual(split);
  });

  it('should give the same split for the same seed on every machine (golden lists)', () => {
    const split = ratioSplit({
      nSamples: 10,
      ratios: { train: 0.6, val: 0.2, test: 0.2 },
      seed: 42,
    });
    expect(split.indices).toEqual(GOLDEN);
    expect(ratioSplit({ nSamples: 10, ratios, seed: 43 }).indices).not.toEqual(
      ratioSplit({ nSamples: 10, ratios, seed: 44 }).indices,
    );
  });

  it('should keep every class within one sample of its ideal share in every split', () => {
    for (const seed of [1, 2, 'x']) {
      const split = stratifiedSplit({ labels, ratios, seed });
      const lists = ['train', 'val', 'test'].map((name) => split.indices[name]!);
      expectPartition(lists, labelArray.length);
      for (let c = 0; c < 10; c++) {
        const size = 50 + 7 * c;
        lists.forEach((list, s) => {
          const count = list.filter((i) => labelArray[i] === c).length;
          const ideal = size * [0.7, 0.15, 0.15][s]!;
          expect(Math.abs(count - ideal), `class ${c} split ${s}`).toBeLessThan(1);
        });
      }
      expect(Math.abs(lists[0]!.length - 0.7 * labelArray.length)).toBeLessThanOrEqual(1);
    }
    expect(stratifiedSplit({ labels, ratios, seed: 5 })).toEqual(
      stratifiedSplit({ labels, ratios, seed: 5 }),
    );
  });

  it('should keep the one-sample bound for any labels, ratios and seed', () => {
    const cases = fc.record({
      labels: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 200 }),
      weights: fc.tuple(fc.integer({ min: 1, max: 9 }), fc.nat(9), fc.nat(9)),
      seed: fc.integer(),
    });
    fc.assert(
      fc.property(cases, ({ labels: list, weights, seed }) => {
        const total = weights[0] + weights[1] + weights[2];
        const shares = weights.map((w) => w / total);
        const split = stratifiedSplit({
          labels: list,
          ratios: { train: shares[0]!, val: shares[1]!, test: shares[2]! },
          seed,
        });
        const lists = ['train', 'val', 'test'].map((name) => split.indices[name]!);
        expectPartition(lists, list.length);
        for (const label of new Set(list)) {
          const size = list.filter((l) => l === label).length;
          lists.forEach((indices, s) => {
            const count = indices.filter((i) => list[i] === label).length;
            expect(Math.abs(count - size * shares[s]!)).toBeLessThan(1);
          });
        }
      }),
      { numRuns: 100 },
    );
  });

  it('should never put a group in two splits', () => {
    const groups = Array.from({ length: 300 }, (_, i) => `patient-${i % 37}`);
    const split = groupSplit({ groups, ratios, seed: 9 });
    const lists = ['train', 'val', 'test'].map((name) => split.indices[name]!);
    expectPartition(lists, 300);
    const owner = new Map<string, number>();
    lists.forEach((list, s) => {
      for (const i of list) {
        const group = groups[i]!;
        expect(owner.get(group) ?? s).toBe(s);
        owner.set(group, s);
      }
    });
    expect(lists.every((list) => list.length > 0)).toBe(true);
  });

  it('should take the rows of each split from {x, y}', () => {
    const data = { x: fromNested([[0], [10], [20], [30]]), y: fromNested([0, 1, 2, 3]) };
    const split: IndexSplit = {
      method: 'manual',
      seed: 0,
      indices: { train: [3, 1], test: [0], val: [] },
    };
    const parts = applySplit(data, split);
    expect([...parts['train']!.x.data]).toEqual([30, 10]);
    expect([...parts['train']!.y!.data]).toEqual([3, 1]);
    expect(parts['val']).toBeUndefined();
  });

  it('should reject bad ratios, labels and indices with a code', async () => {
    await expectQStoreError(
      () => ratioSplit({ nSamples: 10, ratios: { train: 0.5, val: 0.2, test: 0.2 }, seed: 1 }),
      'INVALID_CONFIG',
      /sum to 1/,
    );
    await expectQStoreError(
      () =>
        stratifiedSplit({
          labels: fromNested([
            [1, 0],
            [0, 1],
          ]),
          ratios,
          seed: 1,
        }),
      'SHAPE_MISMATCH',
      /one-hot/,
    );
    await expectQStoreError(
      () => groupSplit({ groups: ['a', 'a'], ratios, seed: 1 }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(
      () => applySplit({ x: fromNested([[1]]) }, { method: 'm', seed: 0, indices: { train: [1] } }),
      'INVALID_ARGUMENT',
    );
  });
});

describe('k-fold splits', () => {
  function expectFolds(folds: ReturnType<typeof kFold>, n: number) {
    expectPartition(
      folds.map((f) => f.indices['test']!),
      n,
    );
    for (const fold of folds) expectPartition([fold.indices['train']!, fold.indices['test']!], n);
  }

  it('should put every index in exactly one test fold', () => {
    const folds = kFold({ nSamples: 103, k: 5, seed: 3 });
    expectFolds(folds, 103);
    expect(folds.map((f) => f.indices['test']!.length)).toEqual([21, 21, 21, 20, 20]);
    expect(folds[2]!.method).toBe('kfold(k=5,fold=2)');
  });

  it('should keep each class at ⌊c/k⌋ or ⌈c/k⌉ per fold in stratified k-fold', () => {
    const folds = stratifiedKFold({ labels, k: 7, seed: 4 });
    expectFolds(folds, labelArray.length);
    for (let c = 0; c < 10; c++) {
      const size = 50 + 7 * c;
      for (const fold of folds) {
        const count = fold.indices['test']!.filter((i) => labelArray[i] === c).length;
        expect([Math.floor(size / 7), Math.ceil(size / 7)]).toContain(count);
      }
    }
    const sizes = folds.map((f) => f.indices['test']!.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('should keep groups whole in group k-fold', () => {
    const groups = Array.from({ length: 120 }, (_, i) => i % 11);
    const folds = groupKFold({ groups, k: 4, seed: 5 });
    expectFolds(folds, 120);
    for (const fold of folds) {
      const inTest = new Set(fold.indices['test']!.map((i) => groups[i]));
      expect(fold.indices['train']!.some((i) => inTest.has(groups[i]!))).toBe(false);
    }
  });

  it('should reject k larger than the class, sample or group count, and k < 2', async () => {
    await expectQStoreError(
      () => stratifiedKFold({ labels: [0, 0, 0, 1, 1], k: 3, seed: 1 }),
      'INVALID_ARGUMENT',
      /smallest class count \(2\)/,
    );
    await expectQStoreError(() => kFold({ nSamples: 3, k: 4, seed: 1 }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => kFold({ nSamples: 3, k: 1, seed: 1 }), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () => groupKFold({ groups: [1, 1, 2], k: 3, seed: 1 }),
      'INVALID_ARGUMENT',
    );
  });
});

// Recorded once; Alea and integer arithmetic make it the same on every machine and Node version.
const GOLDEN = { train: [1, 2, 3, 5, 8, 9], val: [0, 4], test: [6, 7] };
