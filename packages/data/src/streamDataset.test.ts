import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixturePath, fmnistIdxSplits, numbers } from '../test/helpers/fixtures.js';
import { encodeNpy } from './formats/npy.js';
import { loadDataset } from './loadDataset.js';
import { fitPreprocessing } from './prep/preprocessing/applyPreprocessing.js';
import { StreamingDataGenerator, streamDataset } from './streamDataset.js';

const k = (f: string) => fixturePath('keras', 'tf-keras-datasets', f);
const config = { source: 'local', name: 'fmnist', sourceParams: { splits: fmnistIdxSplits() } };

describe('StreamingDataGenerator', () => {
  const tempDir = useTempDirs('qstore-stream-');
  it('should yield bounded batches of the chosen split that equal the loaded data, on every iteration', async () => {
    const whole = await loadDataset(config);
    const generator = new StreamingDataGenerator(config, { batchSize: 5, split: 'test' });
    for (let pass = 0; pass < 2; pass++) {
      const sizes: number[] = [];
      const pixels: number[] = [];
      for await (const batch of generator) {
        sizes.push(batch.x.shape[0]!);
        pixels.push(...numbers(batch.x.data));
      }
      expect(sizes).toEqual([5, 5, 5, 1]);
      expect(pixels).toEqual(Array.from(whole.test!.x.data as Uint8Array));
    }
  });

  it('should apply steps fitted on the train split to each streamed batch', async () => {
    const steps = [{ op: 'flatten' }, { op: 'pca', params: { nComponents: 2 } }];
    const prepared = await loadDataset({ ...config, preprocessing: steps });
    const fitted = fitPreprocessing((await loadDataset(config)).train.x, steps, { seed: 42 });
    const rows: number[] = [];
    for await (const batch of streamDataset(config, {
      batchSize: 5,
      split: 'test',
      preprocessing: fitted,
    })) {
      expect(batch.x.shape).toEqual([batch.x.shape[0], 2]);
      rows.push(...numbers(batch.x.data));
    }
    expect(rows).toEqual(numbers(prepared.test!.x.data));
  });

  it('should stop with ABORTED when the signal fires between batches', async () => {
    const controller = new AbortController();
    let seen = 0;
    const run = async () => {
      for await (const _ of streamDataset(config, { batchSize: 4, signal: controller.signal })) {
        seen++;
        controller.abort();
      }
    };
    await expectQStoreError(run, 'ABORTED');
    expect(seen).toBe(1);
  });

  it('should close its files when the caller stops early or the pair does not match', async () => {
    const dir = await tempDir();
    const npy = (name: string, rows: number) => {
      const path = join(dir, name);
      const data = Float64Array.from({ length: rows * 3 }, (_, i) => i);
      writeFileSync(path, encodeNpy({ dtype: 'float64', shape: [rows, 3], data }));
      return path;
    };
    const x = npy('x.npy', 40);
    // Descriptors of this test's own files: other tests' files may close meanwhile (GC, threads).
    const openFiles = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir);
        } catch {
          return false; // closed between the listing and the read
        }
      }).length;
    const before = openFiles();
    const local = (y: string) => ({
      source: 'local',
      name: 'pair',
      sourceParams: { splits: { train: { x, y } } },
    });
    for await (const batch of streamDataset(local(npy('y.npy', 40)), { batchSize: 8 })) {
      expect(batch.x.shape).toEqual([8, 3]);
      expect(openFiles()).toBeGreaterThan(before); // the count does see the stream's files
      break;
    }
    expect(openFiles()).toBe(before);
    const short = npy('short.npy', 39);
    await expectQStoreError(async () => {
      for await (const _ of streamDataset(local(short), { batchSize: 8 }));
    }, 'SHAPE_MISMATCH');
    expect(openFiles()).toBe(before);
  });

  it('should refuse a non-positive batch size', async () => {
    await expectQStoreError(
      async () => {
        for await (const _ of streamDataset(config, { batchSize: 0 })) void _;
      },
      'INVALID_ARGUMENT',
      /batchSize must be a positive integer/,
    );
  });

  it('should name a truncated gzip file and a file shorter than its header says', async () => {
    const dir = await tempDir();
    const gz = readFileSync(k('train-images-idx3-ubyte.gz'));
    writeFileSync(join(dir, 'cut.idx.gz'), gz.subarray(0, gz.length - 100));
    const raw = gunzipSync(gz);
    writeFileSync(join(dir, 'short.idx'), raw.subarray(0, raw.length - 784));
    const drain = (path: string) => async () => {
      for await (const _ of streamDataset(
        { source: 'local', name: 'cut', sourceParams: { path } },
        { batchSize: 8 },
      ))
        void _;
    };
    await expectQStoreError(
      drain(join(dir, 'cut.idx.gz')),
      'CORRUPT_DATA',
      /cut\.idx\.gz: corrupt or truncated gzip/,
    );
    await expectQStoreError(
      drain(join(dir, 'short.idx')),
      'CORRUPT_DATA',
      /short\.idx: file ends after 31 of the 32 rows/,
    );
  });
});
