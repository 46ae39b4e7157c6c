import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type SampleBatch, sliceRows } from '@qstore/core';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { bigCifarPickle, tarGz } from '../../test/helpers/cifarTarball.js';
import { collectBatches, fixtureBytes, numbers } from '../../test/helpers/fixtures.js';
import { heldMemoryDuring } from '../../test/helpers/heldMemory.js';
import { gunzipBytes } from '../formats/gzip.js';
import { readTar } from '../formats/tar.js';
import { kerasSource } from './keras.js';

const MiB = 2 ** 20;
const ARCHIVE = 'cifar-10-batches-py-target_archive';

/** The members of the CIFAR-10 python fixture, by short name. */
function fixtureMembers(): Map<string, Uint8Array> {
  const tar = readTar(
    gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-python.tar.gz'), { file: 'c10' }),
    'c10',
  );
  return new Map(tar.map((m) => [m.name.replace('cifar-10-batches-py/', ''), m.data]));
}

const pixel = (i: number) => (r: number, p: number) => (r * 31 + p * 7 + i) & 255;

/**
 * A CIFAR-10 python archive whose `data_batch_i` holds `rows(i)` images (pixel `pixel(i)`, label
 * `(r + i) % 10`), stored in `order`, with the fixture's test batch and meta.
 */
function archive(order: readonly number[], rows: (i: number) => number): Uint8Array {
  const fixture = fixtureMembers();
  const template = fixture.get('data_batch_1')!;
  const batches = order.map((i) => ({
    name: `cifar-10-batches-py/data_batch_${i}`,
    data: bigCifarPickle(template, rows(i), {
      labels: { labels: (r) => (r + i) % 10 },
      pixel: pixel(i),
    }),
  }));
  const other = (n: string) => ({ name: `cifar-10-batches-py/${n}`, data: fixture.get(n)! });
  return tarGz([
    ...batches.slice(0, 2),
    other('test_batch'),
    ...batches.slice(2),
    other('batches.meta'),
  ]);
}

describe('kerasSource: loading CIFAR tarballs whole', () => {
  const tempDir = useTempDirs('qstore-keras-cifar-load-');
  const adapter = kerasSource();
  const options = adapter.optionsSchema.parse({
    name: 'cifar10',
    offline: true,
    verifyHash: false,
  });

  /** The training split streamed in batches of 1000 (read member by member in Keras' order). */
  const streamed = async (dir: string) =>
    collectBatches<SampleBatch>(adapter.stream!(options, 'train', 1000, { cacheDir: dir }));

  it('should write members stored out of order into the split in place, holding the split and about one member', async () => {
    const dir = await tempDir();
    const rows = 4096; // 12 MiB a member, 60 MiB of training images
    writeFileSync(
      join(dir, ARCHIVE),
      archive([4, 3, 2, 5, 1], () => rows),
    );
    const held = await heldMemoryDuring(() => adapter.load(options, { cacheDir: dir }));
    const { train, test } = held.result;
    expect(train.x.shape).toEqual([5 * rows, 32, 32, 3]);
    for (let i = 1; i <= 5; i++) {
      const row = (i - 1) * rows + 7;
      // pixel 0 of image 7 of data_batch_i, channels-last
      expect(numbers(train.x.data.subarray(row * 3072, row * 3072 + 3))).toEqual(
        [0, 1024, 2048].map((p) => pixel(i)(7, p)),
      );
      expect(Number(train.y!.data[row])).toBe((7 + i) % 10);
    }
    let at = 0;
    for (const batch of await streamed(dir)) {
      const want = sliceRows(train.x, at, at + batch.x.shape[0]!).data as Uint8Array;
      expect(Buffer.from(batch.x.data as Uint8Array).equals(Buffer.from(want))).toBe(true);
      at += batch.x.shape[0]!;
    }
    expect(at).toBe(5 * rows);
    expect(test!.x.shape[0]).toBeGreaterThan(0);
    // the load streams (gunzip chunks come between turns of the event loop) ...
    expect(held.samples).toBeGreaterThan(3);
    // ... and holds the 60 MiB split, one member of scratch and chunks in flight; the gunzipped
    // archive, the unpickled batches and the joined split together (180 MiB) would exceed this
    const decoded = 5 * rows * 3072;
    expect(held.peak).toBeLessThan(decoded + rows * 3072 + 8 * MiB);
  });

  it('should join members of different sizes stored out of order in Keras order', async () => {
    const dir = await tempDir();
    // the buffer is sized on data_batch_1 (100 rows × 5) and grows twice
    writeFileSync(
      join(dir, ARCHIVE),
      archive([1, 5, 2, 4, 3], (i) => 100 * i),
    );
    const { train } = await adapter.load(options, { cacheDir: dir });
    expect(train.x.shape[0]).toBe(1500);
    const whole = Buffer.from(train.x.data as Uint8Array);
    const joined = Buffer.concat((await streamed(dir)).map((b) => b.x.data as Uint8Array));
    expect(joined.equals(whole)).toBe(true);
    // data_batch_2 starts after data_batch_1's 100 rows
    expect(numbers(train.x.data.subarray(100 * 3072, 100 * 3072 + 3))).toEqual(
      [0, 1024, 2048].map((p) => pixel(2)(0, p)),
    );
    expect(numbers(train.y!.data.subarray(99, 101))).toEqual([(99 + 1) % 10, 2]);
  });

  it('should name a member the archive lacks, after reading it whole', async () => {
    const dir = await tempDir();
    const members = [...fixtureMembers()]
      .filter(([n]) => n !== 'batches.meta' && n !== '')
      .map(([n, data]) => ({ name: `cifar-10-batches-py/${n}`, data }));
    writeFileSync(join(dir, ARCHIVE), tarGz(members));
    await expectQStoreError(
      () => adapter.load(options, { cacheDir: dir }),
      'CORRUPT_DATA',
      /cifar-10-batches-py-target_archive: archive has no member cifar-10-batches-py\/batches\.meta/,
    );
  });
});
