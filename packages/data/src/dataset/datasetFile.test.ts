import { writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '@qstore/core';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { Table, tableToIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../../test/helpers/fixtures.js';
import { loadDataset } from '../loadDataset.js';
import { fromArrow, toArrow } from './datasetArrow.js';
import { datasetFromIpc, loadSavedDataset, saveDataset } from './datasetFile.js';
import { numClasses } from './numClasses.js';

const sample: Dataset = {
  train: {
    x: { dtype: 'float32', shape: [3, 2, 2], data: new Float32Array(12).map((_, i) => i / 3) },
    y: { dtype: 'int64', shape: [3], data: new BigInt64Array([0n, 2n, -1n]) },
  },
  val: {
    x: { dtype: 'float32', shape: [1, 2, 2], data: new Float32Array([1, 2, 3, 4]) },
    y: { dtype: 'int64', shape: [1], data: new BigInt64Array([1n]) },
  },
  test: {
    x: { dtype: 'float32', shape: [2, 4], data: new Float32Array(8).fill(Number.NaN) },
    y: { dtype: 'int64', shape: [2], data: new BigInt64Array([5n, 6n]) },
  },
  metadata: {
    name: 'toy',
    source: 'test',
    classes: ['a', 'b', 'c'],
    extra: { note: 'é' },
    lineage: [{ operation: 'load', params: { seed: 1 }, at: '2026-01-01T00:00:00.000Z' }],
  },
};

describe('saveDataset / loadSavedDataset', () => {
  const tempDir = useTempDirs('qstore-save-');

  it('should round-trip every split, dtype, shape and metadata losslessly through Arrow IPC', async () => {
    const path = join(await tempDir(), 'toy.arrow');
    await saveDataset(sample, path);
    const back = loadSavedDataset(path);
    expect(back).toEqual(sample);
  });

  it('should read each split as a view of the IPC bytes, and copy a split spread over record batches', () => {
    for (const format of ['file', 'stream'] as const) {
      const bytes = tableToIPC(toArrow(sample), format);
      const back = datasetFromIpc(bytes, 'toy');
      expect(back).toEqual(sample);
      for (const split of [back.train, back.val!, back.test!]) {
        expect(split.x.data.buffer).toBe(bytes.buffer);
        expect(split.y!.data.buffer).toBe(bytes.buffer);
      }
    }
    // train's rows in two record batches (no qstore metadata: one train split of x and y)
    const table = toArrow({ train: sample.train, metadata: sample.metadata });
    const plain = new Table(table.batches[0]!.slice(0, 2)).concat(
      new Table(table.batches[0]!.slice(2)),
    );
    const bytes = tableToIPC(new Table({ x: plain.getChild('x')!, y: plain.getChild('y')! }));
    const { train } = datasetFromIpc(bytes, 'two batches');
    expect(train.x).toEqual({ ...sample.train.x, shape: [3, 4] }); // no metadata: flat rows
    expect(train.y).toEqual(sample.train.y);
    expect(train.x.data.buffer).not.toBe(bytes.buffer);
  });

  it('should round-trip through toArrow / fromArrow without a file', () => {
    const table = toArrow(sample);
    expect(table.numRows).toBe(6);
    expect(table.batches).toHaveLength(3);
    expect(fromArrow(table)).toEqual(sample);
  });

  it('should load a saved dataset through the local source', async () => {
    const ds = await loadDataset({
      source: 'local',
      name: 'fmnist',
      sourceParams: { path: fixturePath('npz', 'stored.npz') },
    });
    const path = join(await tempDir(), 'fmnist.arrow');
    await saveDataset(ds, path);
    const back = await loadDataset({ source: 'local', name: 'again', sourceParams: { path } });
    expect(back.train.x).toEqual(ds.train.x);
    expect(back.test?.y).toEqual(ds.test?.y);
  });

  it('should read an Arrow IPC stream of x/y columns written by another tool', async () => {
    const ds = await loadDataset({
      source: 'local',
      name: 'stream',
      sourceParams: { path: fixturePath('arrow', 'fmnist.arrows') },
    });
    expect(ds.train.x).toMatchObject({ dtype: 'uint8', shape: [32, 784] });
    expect(Array.from(ds.train.y!.data.subarray(0, 3), Number)).toEqual([9, 0, 0]);
  });

  it('should refuse a corrupt file and leave no partial file when the folder is missing', async () => {
    const dir = await tempDir();
    writeFileSync(join(dir, 'bad.arrow'), 'ARROW1 but not really');
    await expectQStoreError(
      () => loadSavedDataset(join(dir, 'bad.arrow')),
      'CORRUPT_DATA',
      /bad\.arrow: not a valid Arrow IPC/,
    );
    await expectQStoreError(
      () => saveDataset(sample, join(dir, 'missing', 'x.arrow')),
      'NOT_FOUND',
      /x\.arrow/,
    );
    expect(await readdir(dir)).toEqual(['bad.arrow']);
  });

  it('should count classes from metadata or from labels', () => {
    expect(numClasses(sample)).toBe(3);
    expect(numClasses({ ...sample, metadata: { name: 'n', source: 's' } })).toBe(6);
  });
});
