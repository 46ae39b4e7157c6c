import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type DataSplit, type SampleBatch, sliceRows } from '@qstore/core';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigCifarPickle, tarGz } from '../../test/helpers/cifarTarball.js';
import { type FixtureServer, startFixtureServer } from '../../test/helpers/fixtureServer.js';
import { collectBatches, fixtureBytes, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { heldMemory } from '../../test/helpers/heldMemory.js';
import { gunzipBytes } from '../formats/gzip.js';
import { readTar } from '../formats/tar.js';
import { kerasSource } from './keras.js';

const MiB = 2 ** 20;

/** Tests that build and stream tens of MiB: seconds alone, several times that on a loaded CI machine. */
const HEAVY = 120_000;
describe('kerasSource: streaming CIFAR tarballs', () => {
  const tempDir = useTempDirs('qstore-keras-cifar-');
  let server: FixtureServer;
  beforeAll(async () => {
    server = await startFixtureServer({ '/~kriz/': fixturePath('keras', 'kriz') });
  });
  afterAll(() => server.close());

  const adapter = kerasSource();
  const parse = (params: Record<string, unknown>) =>
    adapter.optionsSchema.parse({ mirror: server.origin, verifyHash: false, ...params });
  const stream = (
    params: Record<string, unknown>,
    split: 'train' | 'test',
    batch: number,
    dir: string,
  ) => collectBatches(adapter.stream!(parse(params), split, batch, { cacheDir: dir }));

  /** The batches joined back into one split, checking offsets and sizes on the way. */
  const join_ = (batches: SampleBatch[], batchSize: number, whole: DataSplit) => {
    let at = 0;
    for (const b of batches) {
      expect(b.offset).toBe(at);
      expect(b.x.shape[0]).toBeLessThanOrEqual(batchSize);
      const want = {
        x: sliceRows(whole.x, at, at + b.x.shape[0]!),
        y: sliceRows(whole.y!, at, at + b.x.shape[0]!),
      };
      expect([b.x.dtype, ...b.x.shape]).toEqual([want.x.dtype, ...want.x.shape]);
      expect([b.y!.dtype, ...b.y!.shape]).toEqual([want.y.dtype, ...want.y.shape]);
      expect(
        Buffer.from(b.x.data as Uint8Array).equals(Buffer.from(want.x.data as Uint8Array)),
      ).toBe(true);
      expect(numbers(b.y!.data)).toEqual(numbers(want.y.data));
      at += b.x.shape[0]!;
    }
    expect(at).toBe(whole.x.shape[0]);
  };

  it("should stream CIFAR-10/100 (python and binary archives) batch by batch as load_data() returns them, through Keras' cache", async () => {
    const dir = await tempDir();
    const cases: Record<string, unknown>[] = [
      { name: 'cifar10' },
      { name: 'cifar100', labelMode: 'fine' },
      { name: 'cifar100', labelMode: 'coarse' },
      { name: 'cifar10', cifarArchive: 'binary' },
      { name: 'cifar100', labelMode: 'coarse', cifarArchive: 'binary' },
    ];
    for (const params of cases) {
      const whole = await adapter.load(parse(params), { cacheDir: dir });
      for (const split of ['train', 'test'] as const)
        for (const batchSize of [1, 2, 4, 1000]) {
          const batches = await stream(params, split, batchSize, dir);
          join_(batches, batchSize, whole[split]!);
        }
    }
  });

  it(
    'should stream members stored out of order and skip large unwanted members without holding them',
    async () => {
      // the real cifar-10-python.tar.gz stores data_batch_4, readme.html, test_batch, data_batch_3,
      // batches.meta, data_batch_2, data_batch_5, data_batch_1; readme.html here is 64 MiB
      const dir = await tempDir();
      const members = readTar(
        gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-python.tar.gz'), { file: 'c10' }),
        'c10',
      );
      const member = (n: string) => members.find((m) => m.name === `cifar-10-batches-py/${n}`)!;
      const order = [
        'data_batch_4',
        'readme.html',
        'test_batch',
        'data_batch_3',
        'batches.meta',
        'data_batch_2',
        'data_batch_5',
        'data_batch_1',
      ];
      const archive = tarGz(
        order.map((n) =>
          n === 'readme.html'
            ? { name: member(n).name, data: new Uint8Array(64 * MiB) }
            : member(n),
        ),
      );
      writeFileSync(join(dir, 'cifar-10-batches-py-target_archive'), archive);
      const params = { name: 'cifar10', offline: true };
      const whole = await adapter.load(parse(params), { cacheDir: dir });
      join_(await stream(params, 'train', 4, dir), 4, whole.train);
      const held = await heldMemory(adapter.stream!(parse(params), 'train', 4, { cacheDir: dir }));
      expect(held.rows).toBe(15);
      // 1 MiB file and gunzip chunks in flight; holding the 64 MiB member would exceed this
      expect(held.peak).toBeLessThan(8 * MiB);
    },
    HEAVY,
  );

  it(
    'should hold about one batch, not the member, while streaming large CIFAR-10 members',
    async () => {
      const dir = await tempDir();
      const template = readTar(
        gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-python.tar.gz'), { file: 'c10' }),
        'c10',
      ).find((m) => m.name.endsWith('data_batch_1'))!.data;
      const rows = 4096; // 12 MiB a member, 60 MiB of training images
      const pixel = (i: number) => (r: number, p: number) => (r * 31 + p * 7 + i) & 255;
      const names = [1, 2, 3, 4, 5].map((i) => ({
        name: `cifar-10-batches-py/data_batch_${i}`,
        data: bigCifarPickle(template, rows, {
          labels: { labels: (r) => (r + i) % 10 },
          pixel: pixel(i),
        }),
      }));
      writeFileSync(join(dir, 'cifar-10-batches-py-target_archive'), tarGz(names));
      const batchSize = 1024; // 3 MiB of images
      const params = parse({ name: 'cifar10', offline: true });
      let first: SampleBatch | undefined;
      for await (const batch of adapter.stream!(params, 'train', batchSize, { cacheDir: dir })) {
        first = batch;
        break;
      }
      if (first === undefined) throw new Error('no batch');
      expect(first.x.shape).toEqual([batchSize, 32, 32, 3]);
      // pixel 0 of image 5, channels-last: red, green, blue planes of batch 1
      expect(numbers(first.x.data.subarray(5 * 3072, 5 * 3072 + 3))).toEqual(
        [0, 1024, 2048].map((p) => pixel(1)(5, p)),
      );
      expect(numbers(first.y!.data.subarray(0, 3))).toEqual([1, 2, 3]);
      const held = await heldMemory(adapter.stream!(params, 'train', batchSize, { cacheDir: dir }));
      expect(held.rows).toBe(5 * rows);
      // one batch, one run of 256 rows, gunzip chunks; a 12 MiB member would exceed this
      expect(held.peak).toBeLessThan(2.5 * batchSize * 3072 + 4 * MiB);
    },
    HEAVY,
  );

  it(
    "should stream a large CIFAR-100 'train' (python and binary) row for row as the whole load, holding about one batch",
    async () => {
      const dir = await tempDir();
      const kriz = (file: string) =>
        readTar(gunzipBytes(fixtureBytes('keras', 'kriz', file), { file }), file);
      const rows = 4096; // a 12 MiB member
      const fine = (r: number) => (r * 37) % 100;
      const coarse = (r: number) => (r * 11) % 20;
      const pixel = (r: number, p: number) => (r * 13 + p * 5) & 255;
      const python = kriz('cifar-100-python.tar.gz').map((m) =>
        m.name.endsWith('/train')
          ? {
              name: m.name,
              data: bigCifarPickle(m.data, rows, {
                labels: { fine_labels: fine, coarse_labels: coarse },
                pixel,
              }),
            }
          : m,
      );
      writeFileSync(join(dir, 'cifar-100-python-target_archive'), tarGz(python));
      const records = new Uint8Array(rows * 3074);
      for (let r = 0; r < rows; r++) {
        records.set([coarse(r), fine(r)], r * 3074);
        for (let p = 0; p < 3072; p++) records[r * 3074 + 2 + p] = pixel(r, p);
      }
      const binary = kriz('cifar-100-binary.tar.gz').map((m) =>
        m.name.endsWith('/train.bin') ? { name: m.name, data: records } : m,
      );
      writeFileSync(join(dir, 'cifar-100-binary.tar.gz'), tarGz(binary));
      const batchSize = 512; // 1.5 MiB of images: holding the member would exceed the bound below
      // Both archives and both label modes, in two loads (each is seconds on a loaded CI machine).
      for (const [cifarArchive, labelMode] of [
        ['python', 'fine'],
        ['binary', 'coarse'],
      ]) {
        const params = { name: 'cifar100', offline: true, cifarArchive, labelMode };
        const whole = await adapter.load(parse(params), { cacheDir: dir });
        expect(whole.train.x.shape[0]).toBe(rows);
        join_(await stream(params, 'train', batchSize, dir), batchSize, whole.train);
        const held = await heldMemory(
          adapter.stream!(parse(params), 'train', batchSize, { cacheDir: dir }),
        );
        expect(held.rows).toBe(rows);
        expect(held.peak).toBeLessThan(2.5 * batchSize * 3072 + 4 * MiB);
      }
    },
    HEAVY,
  );

  it('should name a split member the archive lacks', async () => {
    const dir = await tempDir();
    const members = readTar(
      gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-python.tar.gz'), { file: 'c10' }),
      'c10',
    ).filter((m) => !m.name.endsWith('data_batch_3'));
    writeFileSync(join(dir, 'cifar-10-batches-py-target_archive'), tarGz(members));
    await expectQStoreError(
      () => stream({ name: 'cifar10', offline: true }, 'train', 2, dir),
      'CORRUPT_DATA',
      /cifar-10-batches-py-target_archive: archive has no member cifar-10-batches-py\/data_batch_3/,
    );
  });

  it('should refuse a member whose size field is beyond what it reads, before allocating it', async () => {
    const dir = await tempDir();
    const tar = gunzipBytes(
      tarGz([{ name: 'cifar-10-batches-py/data_batch_1', data: new Uint8Array(10) }]),
      { file: 't' },
    );
    tar.set(new TextEncoder().encode('77777777777\0'), 124); // 8 GiB
    writeFileSync(join(dir, 'cifar-10-batches-py-target_archive'), gzipSync(tar));
    await expectQStoreError(
      () => stream({ name: 'cifar10', offline: true }, 'train', 2, dir),
      'RESOURCE_LIMIT',
      /data_batch_1 says it holds 8589934591 bytes; at most 1073741824 are read/,
    );
  });
});
