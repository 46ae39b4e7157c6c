import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath, numbers } from '../test/helpers/fixtures.js';
import { parseIdx } from './formats/idx.js';
import { readHdf5 } from './hdf5.js';
import { loadDataset } from './loadDataset.js';

const H5 = fixturePath('h5', 'fmnist.h5');

describe('readHdf5', () => {
  const tempDir = useTempDirs('qstore-h5-');

  it('should read contiguous and gzip-chunked datasets written by h5py, with class names', async () => {
    const { splits, classes } = await readHdf5(H5);
    const trainImages = parseIdx(
      fixtureBytes('keras', 'tf-keras-datasets', 'train-images-idx3-ubyte.gz'),
      'i',
    );
    const testImages = parseIdx(
      fixtureBytes('keras', 'tf-keras-datasets', 't10k-images-idx3-ubyte.gz'),
      'i',
    );
    expect(splits.train?.x).toMatchObject({ dtype: 'uint8', shape: [32, 28, 28] });
    expect(splits.train?.x.data).toEqual(trainImages.data);
    expect(splits.test?.x.data).toEqual(testImages.data);
    expect(splits.train?.y?.dtype).toBe('int64');
    expect(numbers(splits.train!.y!.data.subarray(0, 3))).toEqual([9, 0, 0]);
    expect(classes?.[9]).toBe('Ankle boot');
  });

  it('should refuse an LZF dataset instead of returning wrong numbers', async () => {
    await expectQStoreError(
      () => readHdf5(H5, { splits: { train: { x: 'lzf/x' } } }),
      'UNSUPPORTED_FORMAT',
      /fmnist\.h5: dataset lzf\/x uses the lzf filter, which h5wasm cannot decode/,
    );
  });

  it('should name a dataset path that does not exist and a file that is not HDF5', async () => {
    await expectQStoreError(
      () => readHdf5(H5, { splits: { train: { x: 'images' } } }),
      'NOT_FOUND',
      /fmnist\.h5: no dataset at images; the file holds lzf, x_test/,
    );
    const dir = await tempDir();
    writeFileSync(join(dir, 'fake.h5'), 'not hdf5 at all');
    await expectQStoreError(
      () => readHdf5(join(dir, 'fake.h5')),
      'CORRUPT_DATA',
      /fake\.h5: not an HDF5 file/,
    );
    await expectQStoreError(
      () => readHdf5(join(dir, 'missing.h5')),
      'NOT_FOUND',
      /missing\.h5: no such file/,
    );
  });

  it('should load through the local source with dataset paths as options', async () => {
    const ds = await loadDataset({
      source: 'local',
      name: 'h5',
      sourceParams: { path: H5, splits: { train: { x: 'x_test', y: 'y_test' } } },
    });
    expect(ds.train.x.shape).toEqual([16, 28, 28]);
    expect(ds.metadata.classes).toHaveLength(10);
  });
});
