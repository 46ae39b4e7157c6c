import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DataSplit, type SampleBatch, sliceRows } from '@qstore/core';
import { expectQStoreError, testSourceAdapter, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { tarGz } from '../../test/helpers/cifarTarball.js';
import { collectBatches, fixtureBytes, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { heldMemory } from '../../test/helpers/heldMemory.js';
import { gunzipBytes } from '../formats/gzip.js';
import { readTar } from '../formats/tar.js';
import { kerasSource } from './keras.js';
import { localSource } from './local.js';

const MiB = 2 ** 20;
const expected = JSON.parse(
  readFileSync(fixturePath('keras', 'cifar-expected.json'), 'utf8'),
) as Record<string, { labels: number[]; first_pixels_hwc: number[] }>;

describe('localSource: CIFAR records and archives', () => {
  const tempDir = useTempDirs('qstore-local-cifar-');
  const adapter = localSource();
  const parse = (params: Record<string, unknown>) =>
    adapter.optionsSchema.parse({ name: 'cifar', ...params });

  /** The `.bin` members of a binary fixture archive, written as files into `dir`. */
  const binFiles = (dir: string, archive: string) => {
    const members = readTar(
      gunzipBytes(fixtureBytes('keras', 'kriz', archive), { file: archive }),
      archive,
    );
    const path = (name: string) => {
      const file = join(dir, name);
      writeFileSync(file, members.find((m) => m.name.endsWith(`/${name}`))!.data);
      return file;
    };
    return path;
  };

  /** Streams a split and checks it is the whole split, batch by batch. */
  const expectStreamEqualsWhole = async (
    params: Record<string, unknown>,
    split: 'train' | 'test',
    whole: DataSplit,
    batchSizes = [1, 2, 1000],
  ) => {
    for (const batchSize of batchSizes) {
      const batches: SampleBatch[] = await collectBatches(
        adapter.stream!(parse(params), split, batchSize, {}),
      );
      let at = 0;
      for (const b of batches) {
        expect(b.offset).toBe(at);
        const n = b.x.shape[0]!;
        expect(n).toBeLessThanOrEqual(batchSize);
        const want = { x: sliceRows(whole.x, at, at + n), y: sliceRows(whole.y!, at, at + n) };
        expect([b.y!.dtype, ...b.y!.shape]).toEqual([want.y.dtype, ...want.y.shape]);
        expect(
          Buffer.from(b.x.data as Uint8Array).equals(Buffer.from(want.x.data as Uint8Array)),
        ).toBe(true);
        expect(numbers(b.y!.data)).toEqual(numbers(want.y.data));
        at += n;
      }
      expect(at).toBe(whole.x.shape[0]);
    }
  };

  it('should load and stream CIFAR-10 and CIFAR-100 .bin record files per split as Keras lays them out', async () => {
    const dir = await tempDir();
    const c10 = binFiles(dir, 'cifar-10-binary.tar.gz');
    const params = { splits: { train: c10('data_batch_1.bin'), test: c10('test_batch.bin') } };
    const ds = await adapter.load(parse(params));
    expect(ds.metadata.extra).toMatchObject({ format: 'cifar' });
    expect(ds.train.x.shape).toEqual([2, 32, 32, 3]);
    expect(ds.train.y).toMatchObject({ dtype: 'uint8', shape: [2, 1] });
    expect(numbers(ds.train.y!.data)).toEqual(expected['data_batch_1.bin']!.labels);
    expect(numbers(ds.train.x.data.subarray(0, 12))).toEqual(
      expected['data_batch_1.bin']!.first_pixels_hwc,
    );
    expect(numbers(ds.test!.y!.data)).toEqual(expected['test_batch.bin']!.labels);
    await expectStreamEqualsWhole(params, 'train', ds.train);
    await expectStreamEqualsWhole(params, 'test', ds.test!);

    const c100 = binFiles(dir, 'cifar-100-binary.tar.gz');
    const keras = kerasSource();
    const kerasDir = await tempDir();
    writeFileSync(
      join(kerasDir, 'cifar-100-binary.tar.gz'),
      fixtureBytes('keras', 'kriz', 'cifar-100-binary.tar.gz'),
    );
    for (const labelMode of ['fine', 'coarse'] as const) {
      const p100 = { path: c100('train.bin'), ...(labelMode === 'coarse' ? { labelMode } : {}) };
      const train = (await adapter.load(parse(p100))).train;
      const fromKeras = await keras.load(
        keras.optionsSchema.parse({
          name: 'cifar100',
          cifarArchive: 'binary',
          labelMode,
          offline: true,
          verifyHash: false,
        }),
        { cacheDir: kerasDir },
      );
      expect(train.y!.dtype).toBe('int64');
      expect(numbers(train.y!.data)).toEqual(numbers(fromKeras.train.y!.data));
      expect(
        Buffer.from(train.x.data as Uint8Array).equals(
          Buffer.from(fromKeras.train.x.data as Uint8Array),
        ),
      ).toBe(true);
      await expectStreamEqualsWhole(p100, 'train', train);
    }
  });

  it("should load and stream Toronto's archives (python and binary) as the keras source does", async () => {
    const keras = kerasSource();
    const kerasDir = await tempDir();
    const cases = [
      ['cifar-10-python.tar.gz', 'cifar-10-batches-py-target_archive', { name: 'cifar10' }],
      [
        'cifar-100-binary.tar.gz',
        'cifar-100-binary.tar.gz',
        { name: 'cifar100', cifarArchive: 'binary', labelMode: 'coarse' },
      ],
      ['cifar-100-python.tar.gz', 'cifar-100-python-target_archive', { name: 'cifar100' }],
    ] as const;
    for (const [file, cached, kerasParams] of cases) {
      writeFileSync(join(kerasDir, cached), fixtureBytes('keras', 'kriz', file));
      const params = {
        path: fixturePath('keras', 'kriz', file),
        ...('labelMode' in kerasParams ? { labelMode: kerasParams.labelMode } : {}),
      };
      const ds = await adapter.load(parse(params));
      const want = await keras.load(
        keras.optionsSchema.parse({ ...kerasParams, offline: true, verifyHash: false }),
        {
          cacheDir: kerasDir,
        },
      );
      expect(ds.metadata.classes).toEqual(want.metadata.classes);
      for (const split of ['train', 'test'] as const) {
        expect(
          Buffer.from(ds[split]!.x.data as Uint8Array).equals(
            Buffer.from(want[split]!.x.data as Uint8Array),
          ),
        ).toBe(true);
        expect(numbers(ds[split]!.y!.data)).toEqual(numbers(want[split]!.y!.data));
        await expectStreamEqualsWhole(params, split, ds[split]!);
      }
    }
  });

  it('should stream a large .bin file holding about one batch', async () => {
    const dir = await tempDir();
    const rows = 8192; // 24 MiB of records
    const records = new Uint8Array(rows * 3073);
    for (let r = 0; r < rows; r++) {
      records[r * 3073] = r % 10;
      for (let p = 0; p < 3072; p++) records[r * 3073 + 1 + p] = (r * 3 + p * 11) & 255;
    }
    const path = join(dir, 'data_batch_1.bin');
    writeFileSync(path, records);
    const whole = (await adapter.load(parse({ path }))).train;
    await expectStreamEqualsWhole({ path }, 'train', whole, [1000]);
    const batchSize = 1024;
    const held = await heldMemory(adapter.stream!(parse({ path }), 'train', batchSize, {}));
    expect(held.rows).toBe(rows);
    expect(held.peak).toBeLessThan(2.5 * batchSize * 3072 + 2 * MiB);
    // the signal is checked between runs of rows; the file is closed when the stream stops
    const abort = new AbortController();
    let seen = 0;
    await expectQStoreError(async () => {
      for await (const batch of adapter.stream!(parse({ path }), 'train', 512, {
        signal: abort.signal,
      })) {
        seen += batch.x.shape[0]!;
        abort.abort();
      }
    }, 'ABORTED');
    expect(seen).toBe(512);
  });

  it('should refuse a .bin file that is not whole records, an archive that is not CIFAR, and a split it lacks', async () => {
    const dir = await tempDir();
    const cut = join(dir, 'data_batch_1.bin');
    writeFileSync(cut, new Uint8Array(3073 * 2 - 1));
    for (const read of [
      () => adapter.load(parse({ path: cut })),
      () => collectBatches(adapter.stream!(parse({ path: cut }), 'train', 4, {})),
    ])
      await expectQStoreError(
        read,
        'CORRUPT_DATA',
        /data_batch_1\.bin: 6145 bytes is not a whole number of 3073-byte CIFAR records/,
      );
    const other = join(dir, 'cifar-other.tar.gz');
    writeFileSync(other, tarGz([{ name: 'images/a.png', data: new Uint8Array(3) }]));
    await expectQStoreError(
      () => adapter.load(parse({ path: other })),
      'UNSUPPORTED_FORMAT',
      /cifar-other\.tar\.gz: is not one of Toronto's CIFAR archives \(its first member is 'images\/a\.png'/,
    );
    await expectQStoreError(
      () =>
        collectBatches(
          adapter.stream!(
            parse({ path: fixturePath('keras', 'kriz', 'cifar-10-python.tar.gz') }),
            'val',
            4,
            {},
          ),
        ),
      'CORRUPT_DATA',
      /has no val split \(CIFAR archives hold train and test\)/,
    );
    await expectQStoreError(
      () => collectBatches(adapter.stream!(parse({ path: cut }), 'test', 4, {})),
      'CORRUPT_DATA',
      /data_batch_1\.bin: has no test split/,
    );
  });

  testSourceAdapter('local (cifar .tar.gz)', {
    make: localSource,
    options: { name: 'cifar', path: fixturePath('keras', 'kriz', 'cifar-10-binary.tar.gz') },
  });
});
