import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DataSplit, ProgressEvent } from '@qstore/core';
import { expectQStoreError, testSourceAdapter, useTempDirs } from '@qstore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startFixtureServer } from '../../test/helpers/fixtureServer.js';
import { fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { kerasSource } from './keras.js';

describe('kerasSource', () => {
  const tempDir = useTempDirs('qstore-keras-');
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({
      '/tensorflow/tf-keras-datasets/': fixturePath('keras', 'tf-keras-datasets'),
      '/~kriz/': fixturePath('keras', 'kriz'),
    });
  });
  afterAll(() => server.close());

  const load = async (
    sourceParams: Record<string, unknown>,
    dir: string,
    onProgress?: (e: ProgressEvent) => void,
  ) => {
    const adapter = kerasSource();
    const options = adapter.optionsSchema.parse({ mirror: server.origin, ...sourceParams });
    return adapter.load(options, { cacheDir: dir, ...(onProgress ? { onProgress } : {}) });
  };

  it('should download fashion_mnist in Keras URL layout into <cache>/fashion-mnist with progress', async () => {
    const dir = await tempDir();
    const events: ProgressEvent[] = [];
    const ds = await load({ name: 'fashion_mnist' }, dir, (e) => events.push(e));
    expect(ds.train.x).toMatchObject({ dtype: 'uint8', shape: [32, 28, 28] });
    expect(ds.test?.x.shape).toEqual([16, 28, 28]);
    expect(numbers(ds.train.y!.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(readdirSync(join(dir, 'fashion-mnist')).sort()).toEqual([
      't10k-images-idx3-ubyte.gz',
      't10k-labels-idx1-ubyte.gz',
      'train-images-idx3-ubyte.gz',
      'train-labels-idx1-ubyte.gz',
    ]);
    expect(
      events.some((e) => e.phase === 'download' && e.item?.endsWith('train-images-idx3-ubyte.gz')),
    ).toBe(true);
    // the second load is served from the cache
    const before = server.requests.length;
    await load({ name: 'fashion_mnist' }, dir);
    expect(server.requests.length).toBe(before);
  });

  it("should refuse a download whose hash differs from Keras' and leave nothing in the cache", async () => {
    const dir = await tempDir();
    await expectQStoreError(
      () => load({ name: 'mnist' }, dir),
      'HASH_MISMATCH',
      /mnist\.npz: downloaded file has sha256 [0-9a-f]{64}; expected 731c5ac6/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should load mnist.npz when hash checks are off', async () => {
    const ds = await load({ name: 'mnist', verifyHash: false }, await tempDir());
    expect(ds.train.x.shape).toEqual([32, 28, 28]);
    expect(ds.metadata.classes).toHaveLength(10);
  });

  it('should stream mnist.npz member by member, equal to the loaded splits', async () => {
    const dir = await tempDir();
    const ds = await load({ name: 'mnist', verifyHash: false }, dir);
    const adapter = kerasSource();
    const options = adapter.optionsSchema.parse({
      name: 'mnist',
      verifyHash: false,
      offline: true,
    });
    for (const split of ['train', 'test'] as const) {
      const xs: number[] = [];
      const ys: number[] = [];
      for await (const batch of adapter.stream!(options, split, 6, { cacheDir: dir })) {
        expect(batch.x.shape[0]).toBeLessThanOrEqual(6);
        xs.push(...numbers(batch.x.data));
        ys.push(...numbers(batch.y!.data));
      }
      expect(xs).toEqual(numbers(ds[split]!.x.data));
      expect(ys).toEqual(numbers(ds[split]!.y!.data));
    }
  });

  it("should split boston_housing with Keras' seed-113 shuffle (404/102 of 506)", async () => {
    const ds = await load({ name: 'boston_housing', verifyHash: false }, await tempDir());
    expect(ds.train.x).toMatchObject({ dtype: 'float64', shape: [404, 13] });
    expect(ds.test?.x.shape).toEqual([102, 13]);
    // numpy's RandomState(113) puts original row 22 first; sklearn's row 22 starts 1.23247, 0, 8.14
    expect(numbers(ds.train.x.data.subarray(0, 3))).toEqual([1.23247, 0, 8.14]);
  });

  it('should read CIFAR-10 and CIFAR-100 binary archives channels-last with Keras label dtypes', async () => {
    const expected = JSON.parse(readFileSync(fixturePath('keras', 'cifar-expected.json'), 'utf8'));
    const c10 = await load(
      { name: 'cifar10', verifyHash: false, cifarArchive: 'binary' },
      await tempDir(),
    );
    expect(c10.train.x.shape).toEqual([10, 32, 32, 3]);
    expect(c10.train.y).toMatchObject({ dtype: 'uint8', shape: [10, 1] });
    expect(numbers(c10.train.x.data.subarray(0, 12))).toEqual(
      expected['data_batch_1.bin'].first_pixels_hwc,
    );
    expect(numbers(c10.test!.y!.data)).toEqual(expected['test_batch.bin'].labels);
    expect(c10.metadata.classes?.[9]).toBe('truck');
    const c100 = await load(
      { name: 'cifar100', verifyHash: false, labelMode: 'coarse', cifarArchive: 'binary' },
      await tempDir(),
    );
    expect(c100.train.y).toMatchObject({ dtype: 'int64', shape: [3, 1] });
    expect(numbers(c100.train.y!.data)).toEqual([0, 1, 2]);
    expect(c100.metadata.classes).toHaveLength(20);
  });

  it("should read Keras' CIFAR python tarballs as load_data() returns them (downloaded to Keras' cache names)", async () => {
    const expected = JSON.parse(
      readFileSync(fixturePath('keras', 'cifar-python-expected.json'), 'utf8'),
    );
    const check = (split: DataSplit | undefined, want: Record<string, unknown>) => {
      const x = split!.x;
      expect([x.dtype, ...x.shape]).toEqual([want['x_dtype'], ...(want['x_shape'] as number[])]);
      const digest = createHash('sha256')
        .update(new Uint8Array(x.data.buffer, x.data.byteOffset, x.data.byteLength))
        .digest('hex');
      expect(digest).toBe(want['x_sha256']);
      expect(numbers(x.data.subarray(0, 12))).toEqual(want['x_first']);
      expect([split!.y!.dtype, ...split!.y!.shape]).toEqual([
        want['y_dtype'],
        ...(want['y_shape'] as number[]),
      ]);
      expect(numbers(split!.y!.data)).toEqual(want['y']);
    };
    const dir = await tempDir();
    const c10 = await load({ name: 'cifar10', verifyHash: false }, dir);
    check(c10.train, expected.cifar10.train);
    check(c10.test, expected.cifar10.test);
    expect(c10.metadata.classes).toEqual([
      'airplane',
      'automobile',
      'bird',
      'cat',
      'deer',
      'dog',
      'frog',
      'horse',
      'ship',
      'truck',
    ]);
    expect(readdirSync(dir)).toEqual(['cifar-10-batches-py-target_archive']);
    expect(server.requests.at(-1)?.url).toMatch(/\/~kriz\/cifar-10-python\.tar\.gz$/);
    for (const mode of ['fine', 'coarse'] as const) {
      const c100 = await load({ name: 'cifar100', verifyHash: false, labelMode: mode }, dir);
      check(c100.train, expected[`cifar100_${mode}`].train);
      check(c100.test, expected[`cifar100_${mode}`].test);
      expect(c100.metadata.classes).toHaveLength(mode === 'fine' ? 100 : 20);
    }
    expect(readdirSync(dir).sort()).toEqual([
      'cifar-10-batches-py-target_archive',
      'cifar-100-python-target_archive',
    ]);
  });

  it("should check the CIFAR python archive against Keras' sha256 and leave nothing behind", async () => {
    const dir = await tempDir();
    await expectQStoreError(
      () => load({ name: 'cifar10' }, dir),
      'HASH_MISMATCH',
      /~kriz\/cifar-10-python\.tar\.gz: downloaded file has sha256 [0-9a-f]{64}; expected 6d958be0/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("should post-process imdb and reuters exactly as Keras' load_data does", async () => {
    const expected = JSON.parse(readFileSync(fixturePath('keras', 'text-expected.json'), 'utf8'));
    const rows = (t: { shape: readonly number[]; data: ArrayLike<number> }) =>
      Array.from({ length: t.shape[0]! }, (_, i) =>
        Array.from(t.data)
          .slice(i * t.shape[1]!, (i + 1) * t.shape[1]!)
          .filter((w) => w !== 0),
      );
    for (const [params, key] of [
      [{}, 'None_0_None'],
      [{ numWords: 30, skipTop: 2, maxlen: 10 }, '30_2_10'],
    ] as const) {
      for (const name of ['imdb', 'reuters']) {
        const ds = await load({ name, verifyHash: false, ...params }, await tempDir());
        const want = expected[`${name}_${key}`];
        expect(ds.train.x.dtype).toBe('int32');
        expect(rows(ds.train.x as never)).toEqual(want.x_train);
        expect(rows(ds.test!.x as never)).toEqual(want.x_test);
        expect(numbers(ds.train.y!.data)).toEqual(want.y_train);
        expect(numbers(ds.test!.y!.data)).toEqual(want.y_test);
      }
    }
  });

  it('should give an OFFLINE error naming the file and where to place it', async () => {
    const dir = await tempDir();
    const adapter = kerasSource();
    const options = adapter.optionsSchema.parse({ name: 'mnist', mirror: 'http://127.0.0.1:9' });
    await expectQStoreError(
      () => adapter.load(options, { cacheDir: dir }),
      'OFFLINE',
      new RegExp(
        `could not download http://127.0.0.1:9/tensorflow/tf-keras-datasets/mnist.npz .*place that file at ${dir}/mnist.npz`,
      ),
    );
    const offline = adapter.optionsSchema.parse({ name: 'mnist', offline: true });
    await expectQStoreError(
      () => adapter.load(offline, { cacheDir: dir }),
      'OFFLINE',
      /download https:\/\/storage\.googleapis\.com\/tensorflow\/tf-keras-datasets\/mnist\.npz and place it at/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should report an HTTP error status and leave no partial file', async () => {
    const dir = await tempDir();
    await expectQStoreError(
      () => load({ name: 'california_housing' }, dir),
      'HTTP_ERROR',
      /answered HTTP 404/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  testSourceAdapter('keras (fixture server)', {
    make: kerasSource,
    options: { name: 'fashion_mnist', mirror: 'http://127.0.0.1:1' },
    context: async () => {
      const dir = await tempDir();
      mkdirSync(join(dir, 'fashion-mnist'));
      for (const f of readdirSync(fixturePath('keras', 'tf-keras-datasets')).filter((n) =>
        n.endsWith('.gz'),
      )) {
        copyFileSync(fixturePath('keras', 'tf-keras-datasets', f), join(dir, 'fashion-mnist', f));
      }
      return { cacheDir: dir };
    },
  });
});

const DEBIAN = '/usr/share/datasets/fashion-mnist';
const DECOMPRESSED_SHA256 = {
  'train-images-idx3-ubyte.gz': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
  'train-labels-idx1-ubyte.gz': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
  't10k-images-idx3-ubyte.gz': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
  't10k-labels-idx1-ubyte.gz': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
};

describe('kerasSource on the real Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  const tempDir = useTempDirs('qstore-fmnist-');

  it('should load the real files placed where Keras would have downloaded them', async () => {
    if (!existsSync(join(DEBIAN, 'train-images-idx3-ubyte.gz'))) {
      throw new Error(
        `${DEBIAN} is missing: install the Debian package dataset-fashion-mnist (apt-get install -y dataset-fashion-mnist, or run tooling/scripts/install-test-deps.sh)`,
      );
    }
    const dir = await tempDir();
    mkdirSync(join(dir, 'datasets', 'fashion-mnist'), { recursive: true });
    for (const f of Object.keys(DECOMPRESSED_SHA256))
      copyFileSync(join(DEBIAN, f), join(dir, 'datasets', 'fashion-mnist', f));
    const previous = process.env['KERAS_HOME'];
    process.env['KERAS_HOME'] = dir;
    try {
      const adapter = kerasSource();
      const ds = await adapter.load(
        adapter.optionsSchema.parse({ name: 'fashion_mnist', offline: true }),
      );
      expect(ds.train.x).toMatchObject({ dtype: 'uint8', shape: [60000, 28, 28] });
      expect(ds.train.y).toMatchObject({ dtype: 'uint8', shape: [60000] });
      expect(ds.test?.x.shape).toEqual([10000, 28, 28]);
      expect(ds.test?.y?.shape).toEqual([10000]);
      expect(numbers(ds.train.y!.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
      const digest = (header: Uint8Array, t: { data: ArrayBufferView }) =>
        createHash('sha256')
          .update(header)
          .update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
          .digest('hex');
      const imageHeader = (n: number) =>
        new Uint8Array([
          0,
          0,
          8,
          3,
          ...[n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255],
          0,
          0,
          0,
          28,
          0,
          0,
          0,
          28,
        ]);
      const labelHeader = (n: number) =>
        new Uint8Array([0, 0, 8, 1, n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]);
      expect(digest(imageHeader(60000), ds.train.x)).toBe(
        DECOMPRESSED_SHA256['train-images-idx3-ubyte.gz'],
      );
      expect(digest(labelHeader(60000), ds.train.y!)).toBe(
        DECOMPRESSED_SHA256['train-labels-idx1-ubyte.gz'],
      );
      expect(digest(imageHeader(10000), ds.test!.x)).toBe(
        DECOMPRESSED_SHA256['t10k-images-idx3-ubyte.gz'],
      );
      expect(digest(labelHeader(10000), ds.test!.y!)).toBe(
        DECOMPRESSED_SHA256['t10k-labels-idx1-ubyte.gz'],
      );
    } finally {
      if (previous === undefined) delete process.env['KERAS_HOME'];
      else process.env['KERAS_HOME'] = previous;
    }
  });
});
