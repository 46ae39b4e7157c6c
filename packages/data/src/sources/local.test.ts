import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, testSourceAdapter, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { loadDataset } from '../loadDataset.js';
import { localSource } from './local.js';

const SKLEARN = '/usr/lib/python3/dist-packages/sklearn/datasets/data';
const DEBIAN = '/usr/share/datasets/fashion-mnist';

function requireFile(path: string, aptPackage: string): void {
  if (!existsSync(path)) {
    throw new Error(
      `${path} is missing: install the Debian package ${aptPackage} (apt-get install -y ${aptPackage}, or run tooling/scripts/install-test-deps.sh)`,
    );
  }
}

const local = (name: string, sourceParams: Record<string, unknown>) =>
  loadDataset({ source: 'local', name, sourceParams });

describe('localSource', () => {
  const tempDir = useTempDirs('qstore-local-');

  it('should load IDX files per split, gzipped or not', async () => {
    const k = (f: string) => fixturePath('keras', 'tf-keras-datasets', f);
    const ds = await local('fmnist', {
      splits: {
        train: { x: k('train-images-idx3-ubyte.gz'), y: k('train-labels-idx1-ubyte.gz') },
        test: { x: k('t10k-images-idx3-ubyte.gz'), y: k('t10k-labels-idx1-ubyte.gz') },
      },
    });
    expect(ds.train.x.shape).toEqual([32, 28, 28]);
    expect(ds.test?.y?.shape).toEqual([16]);
    expect(ds.metadata.extra).toMatchObject({ format: 'idx' });
  });

  it('should load npy pairs and npz arrays by key', async () => {
    const ds = await local('npy', {
      splits: {
        train: { x: fixturePath('npy', 'fortran_f4.npy'), y: fixturePath('npy', 'be_i2.npy') },
      },
    });
    expect(ds.train.x.shape).toEqual([2, 3, 4]);
    const byKey = await local('npz', {
      path: fixturePath('npz', 'stored.npz'),
      keys: { x: 'x_test', y: 'y_test' },
    });
    expect(byKey.train.x.shape).toEqual([16, 28, 28]);
    await expectQStoreError(
      () =>
        local('npy', {
          splits: {
            train: { x: fixturePath('npy', 'f4.npy'), y: fixturePath('npy', 'be_f8.npy') },
          },
        }),
      'SHAPE_MISMATCH',
      /x has 3 samples but y has 4/,
    );
  });

  it("should load scikit-learn's shipped CSVs with their class names", async () => {
    requireFile(join(SKLEARN, 'iris.csv'), 'python3-sklearn');
    const iris = await local('iris', {
      path: join(SKLEARN, 'iris.csv'),
      csv: { header: 'sklearn' },
    });
    expect(iris.train.x).toMatchObject({ dtype: 'float64', shape: [150, 4] });
    expect(numbers(iris.train.x.data.subarray(0, 4))).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(iris.metadata.classes).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(new Set(numbers(iris.train.y!.data))).toEqual(new Set([0, 1, 2]));
    const wine = await local('wine', {
      path: join(SKLEARN, 'wine_data.csv'),
      csv: { header: 'sklearn' },
    });
    expect(wine.train.x.shape).toEqual([178, 13]);
    expect(wine.metadata.classes).toEqual(['class_0', 'class_1', 'class_2']);
    const cancer = await local('breast_cancer', {
      path: join(SKLEARN, 'breast_cancer.csv'),
      csv: { header: 'sklearn' },
    });
    expect(cancer.metadata.classes).toEqual(['malignant', 'benign']);
    const boston = await local('boston', {
      path: join(SKLEARN, 'boston_house_prices.csv'),
      csv: { header: 'sklearn' },
    });
    expect(boston.train.x.shape).toEqual([506, 13]);
    expect(boston.train.y).toMatchObject({ dtype: 'float64' });
    expect(numbers(boston.train.x.data.subarray(0, 3))).toEqual([0.00632, 18, 2.31]);
    const digits = await local('digits', {
      path: join(SKLEARN, 'digits.csv.gz'),
      csv: { header: 'none', labelColumn: -1 },
    });
    expect(digits.train.x.shape).toEqual([1797, 64]);
    const diabetes = await local('diabetes', {
      path: join(SKLEARN, 'diabetes_data_raw.csv.gz'),
      csv: { header: 'none', delimiter: 'whitespace' },
    });
    expect(diabetes.train.x.shape).toEqual([442, 10]);
  });

  it('should load the real Fashion-MNIST IDX files from Debian', async () => {
    requireFile(join(DEBIAN, 'train-images-idx3-ubyte.gz'), 'dataset-fashion-mnist');
    const ds = await local('fashion', {
      splits: {
        train: {
          x: join(DEBIAN, 'train-images-idx3-ubyte.gz'),
          y: join(DEBIAN, 'train-labels-idx1-ubyte.gz'),
        },
      },
    });
    expect(ds.train.x).toMatchObject({ dtype: 'uint8', shape: [60000, 28, 28] });
    expect(numbers(ds.train.y!.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  });

  it('should name a missing file and an undetectable format', async () => {
    await expectQStoreError(
      () => local('x', { path: '/nonexistent/file.npy' }),
      'NOT_FOUND',
      /\/nonexistent\/file\.npy: no such file/,
    );
    const dir = await tempDir();
    copyFileSync(fixturePath('npy', 'f4.npy'), join(dir, 'data.bin2'));
    await expectQStoreError(
      () => local('x', { path: join(dir, 'data.bin2') }),
      'UNSUPPORTED_FORMAT',
      /cannot tell the format/,
    );
    const ds = await local('x', { path: join(dir, 'data.bin2'), format: 'npy' });
    expect(ds.train.x.shape).toEqual([3, 2]);
  });

  it('should read HF-layout Parquet files per split and image folders', async () => {
    const hf = (split: string) =>
      fixturePath(
        'hf',
        'zalando-datasets',
        'fashion_mnist',
        'fashion_mnist',
        `${split}-00000-of-00001.parquet`,
      );
    const ds = await local('pq', { splits: { train: hf('train'), test: hf('test') } });
    expect(ds.train.x.shape).toEqual([32, 28, 28, 1]);
    expect(ds.test?.y?.dtype).toBe('int64');
    expect(ds.metadata.classes).toHaveLength(10);
    const images = await local('img', { path: fixturePath('images', 'train'), channels: 3 });
    expect(images.train.x.shape).toEqual([6, 28, 28, 3]);
    expect(images.metadata.classes).toContain('Ankle boot');
    await expectQStoreError(
      () => local('pq', { path: fixturePath('npy', 'f4.npy'), format: 'parquet' }),
      'CORRUPT_DATA',
      /f4\.npy: not a valid Parquet file/,
    );
  });

  testSourceAdapter('local (npz)', {
    make: localSource,
    options: { name: 'fmnist', path: fixturePath('npz', 'stored.npz') },
  });
  it('should refuse to stream a text label column but load it whole', async () => {
    const adapter = localSource();
    const options = adapter.optionsSchema.parse({
      name: 'csv',
      path: fixturePath('csv', 'small.csv'),
      csv: { labelColumn: 'label' },
    });
    expect((await adapter.load(options)).metadata.classes).toEqual(['bird', 'cat', 'dog']);
    const drain = async () => {
      for await (const _ of adapter.stream!(options, 'train', 3)) void _;
    };
    await expectQStoreError(
      drain,
      'UNSUPPORTED_FORMAT',
      /small\.csv: a text label column cannot be streamed/,
    );
  });

  testSourceAdapter('local (gzipped idx)', {
    make: localSource,
    options: {
      name: 'idx',
      splits: {
        train: {
          x: fixturePath('keras', 'tf-keras-datasets', 'train-images-idx3-ubyte.gz'),
          y: fixturePath('keras', 'tf-keras-datasets', 'train-labels-idx1-ubyte.gz'),
        },
      },
    },
  });
  testSourceAdapter('local (npy, big-endian)', {
    make: localSource,
    options: { name: 'npy', splits: { train: { x: fixturePath('npy', 'be_i2.npy') } } },
    batchSize: 1,
  });
  testSourceAdapter('local (arrow stream)', {
    make: localSource,
    options: { name: 'arrow', path: fixturePath('arrow', 'fmnist.arrows') },
    batchSize: 6,
  });
  testSourceAdapter('local (parquet)', {
    make: localSource,
    options: {
      name: 'pq',
      path: fixturePath(
        'hf',
        'zalando-datasets',
        'fashion_mnist',
        'fashion_mnist',
        'train-00000-of-00001.parquet',
      ),
    },
    batchSize: 5,
  });
  testSourceAdapter('local (image folder)', {
    make: localSource,
    options: { name: 'img', path: fixturePath('images', 'train') },
    batchSize: 4,
  });
  for (const kind of ['stored', 'deflated'])
    testSourceAdapter(`local (npz, ${kind})`, {
      make: localSource,
      options: { name: 'npz', path: fixturePath('npz', `${kind}.npz`) },
      batchSize: 5,
    });
  testSourceAdapter('local (hdf5)', {
    make: localSource,
    options: { name: 'h5', path: fixturePath('h5', 'fmnist.h5') },
  });
  testSourceAdapter('local (csv)', {
    make: localSource,
    options: {
      name: 'csv',
      path: fixturePath('csv', 'numeric.csv'),
      csv: { labelColumn: 'label' },
    },
  });
});
