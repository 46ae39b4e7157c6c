import { readdirSync, readFileSync } from 'node:fs';
import { expectQStoreError, testSourceAdapter, useTempDirs } from '@qstore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../../test/helpers/fixtureServer.js';
import { fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { startHubServer } from '../../test/helpers/hubServer.js';
import { parseIdx } from '../formats/idx.js';
import { splitOfPath } from './hfHub.js';
import { huggingfaceSource } from './huggingface.js';

describe('huggingfaceSource', () => {
  const tempDir = useTempDirs('qstore-hf-');
  let hub: FixtureServer;
  beforeAll(async () => {
    hub = await startHubServer();
  });
  afterAll(() => hub.close());
  const images = parseIdx(
    readFileSync(fixturePath('keras', 'tf-keras-datasets', 'train-images-idx3-ubyte.gz')),
    'idx',
  );

  const load = async (params: Record<string, unknown>, cacheDir: string) => {
    const adapter = huggingfaceSource();
    return adapter.load(
      adapter.optionsSchema.parse({
        name: 'zalando-datasets/fashion_mnist',
        endpoint: hub.origin,
        ...params,
      }),
      { cacheDir },
    );
  };

  it('should list Parquet files through the tree API, decode PNG images and ClassLabel names', async () => {
    const cache = await tempDir();
    const ds = await load({}, cache);
    expect(ds.train.x).toMatchObject({ dtype: 'uint8', shape: [32, 28, 28, 1] });
    expect(ds.train.x.data).toEqual(images.data);
    expect(ds.train.y).toMatchObject({ dtype: 'int64', shape: [32] });
    expect(numbers(ds.train.y!.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(ds.test?.x.shape).toEqual([16, 28, 28, 1]);
    expect(ds.metadata.classes?.[0]).toBe('T - shirt / top');
    // downloaded once into the Hub-style cache, then reused
    expect(
      readdirSync(
        `${cache}/datasets--zalando-datasets--fashion_mnist/snapshots/main/fashion_mnist`,
      ).sort(),
    ).toEqual(['test-00000-of-00001.parquet', 'train-00000-of-00001.parquet']);
    const before = hub.requests.filter((r) => r.url.includes('/resolve/')).length;
    await load({}, cache);
    expect(hub.requests.filter((r) => r.url.includes('/resolve/')).length).toBe(before);
  });

  it('should read a slice of rows by range requests without downloading whole files', async () => {
    const cache = await tempDir();
    const start = hub.requests.length;
    const ds = await load({ split: 'train', rows: { start: 9, end: 12 } }, cache);
    expect(ds.train.x.shape).toEqual([3, 28, 28, 1]);
    expect(ds.train.x.data).toEqual(images.data.subarray(9 * 784, 12 * 784));
    const reads = hub.requests.slice(start).filter((r) => r.url.includes('/resolve/'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((r) => r.range !== undefined)).toBe(true);
    const size = readFileSync(
      fixturePath(
        'hf',
        'zalando-datasets',
        'fashion_mnist',
        'fashion_mnist',
        'train-00000-of-00001.parquet',
      ),
    ).length;
    // after the footer (metadata) read, only the row group holding rows 8-15 is fetched
    expect(reads[0]!.range).toMatch(/^bytes=\d+-\d+$/);
    const fetched = reads.slice(1).reduce((sum, r) => {
      const [a, b] = r.range!.replace('bytes=', '').split('-').map(Number);
      return sum + (b! - a! + 1);
    }, 0);
    expect(fetched).toBeGreaterThan(0);
    expect(fetched).toBeLessThan(size / 2);
    expect(readdirSync(cache)).toEqual([]);
  });

  it('should send HF_TOKEN to gated datasets and say when it is missing', async () => {
    const adapter = huggingfaceSource();
    const options = adapter.optionsSchema.parse({
      name: 'gated/fashion',
      endpoint: hub.origin,
      split: 'test',
    });
    await expectQStoreError(
      () => adapter.load(options, { cacheDir: '/nonexistent-never-written' }),
      'AUTH_ERROR',
      /HTTP 401; the dataset is gated or private: set HF_TOKEN/,
    );
    const ds = await adapter.load(
      { ...options, token: 'hf_secret' },
      { cacheDir: await tempDir() },
    );
    expect(ds.train.x.shape).toEqual([16, 28, 28, 1]);
  });

  it('should name unknown datasets and unknown splits', async () => {
    await expectQStoreError(
      () => load({ name: 'nobody/nothing' }, '/nonexistent'),
      'NOT_FOUND',
      /nobody\/nothing\/tree\/main\?recursive=true answered 404/,
    );
    await expectQStoreError(
      () => load({ split: 'validation' }, '/nonexistent'),
      'INVALID_CONFIG',
      /config fashion_mnist has no split validation; it has test, train/,
    );
  });

  it('should read the config and split from each Hub path layout', () => {
    expect(splitOfPath('mnist/train-00000-of-00001.parquet')).toEqual({
      config: 'mnist',
      split: 'train',
    });
    expect(splitOfPath('data/test-00000-of-00002-abc123.parquet')).toEqual({
      config: 'default',
      split: 'test',
    });
    expect(splitOfPath('plain_text/partial-train/0003.parquet')).toEqual({
      config: 'plain_text',
      split: 'train',
    });
  });

  testSourceAdapter('huggingface (Hub stand-in on 127.0.0.1)', {
    make: huggingfaceSource,
    options: () => ({
      name: 'zalando-datasets/fashion_mnist',
      endpoint: hub.origin,
      split: 'test',
    }),
    context: async () => ({ cacheDir: await tempDir() }),
  });
});
