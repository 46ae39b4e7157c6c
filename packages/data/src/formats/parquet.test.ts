import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { asyncBufferFromFile } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, numbers } from '../../test/helpers/fixtures.js';
import { grayPng } from '../../test/helpers/grayPng.js';
import { heldMemoryDuring } from '../../test/helpers/heldMemory.js';
import { readParquetSplit } from './parquet.js';

const MiB = 2 ** 20;

describe('readParquetSplit', () => {
  const tempDir = useTempDirs('qstore-parquet-');

  it('should read numeric columns with dictionary pages (writers may leave a gap before data pages)', async () => {
    const path = join(await tempDir(), 'n.parquet');
    const label = Array.from({ length: 3000 }, (_, i) => BigInt(i % 3));
    const a = Array.from({ length: 3000 }, (_, i) => i / 2);
    parquetWriteFile({
      filename: path,
      columnData: [
        { name: 'a', data: a, type: 'DOUBLE' },
        { name: 'label', data: label, type: 'INT64' },
      ],
      rowGroupSize: 1000,
    });
    const read = await readParquetSplit(await asyncBufferFromFile(path), path, {
      rowStart: 999,
      rowEnd: 1003,
    });
    expect(read.numRows).toBe(3000);
    expect(numbers(read.split.x.data)).toEqual([499.5, 500, 500.5, 501]);
    expect(numbers(read.split.y!.data)).toEqual([0, 1, 2, 0]);
  });

  it('should refuse, at once, a page header that made hyparquet loop over billions of values', async () => {
    // found by the corruption property: this one byte of the committed fixture's `image.path` page
    // header used to keep hyparquet busy for minutes
    const bytes = fixtureBytes(
      'hf',
      'zalando-datasets',
      'fashion_mnist',
      'fashion_mnist',
      'test-00000-of-00001.parquet',
    );
    expect(bytes[6898]).toBe(4);
    bytes[6898] = 149;
    const patched = {
      byteLength: bytes.length,
      slice: async (s: number, e?: number) => bytes.slice(s, e).buffer,
    };
    await expectQStoreError(
      () => readParquetSplit(patched, 'c.parquet'),
      'CORRUPT_DATA',
      /c\.parquet: column image\.path/,
    );
  });
});

describe('readParquetSplit memory', () => {
  const tempDir = useTempDirs('qstore-parquet-mem-');

  it('should decode PNG rows row group by row group into the tensor, holding about the tensor', async () => {
    const path = join(await tempDir(), 'png.parquet');
    const rows = 2000; // 64×64 gray, stored: 8 MiB of pixels, 8 MiB of PNG bytes
    const pixels = (r: number) => {
      const p = new Uint8Array(4096);
      for (let i = 0; i < p.length; i++) p[i] = (r * 131 + i * 7 + ((i * i) >> 5)) & 255;
      return p;
    };
    parquetWriteFile({
      filename: path,
      columnData: [
        {
          name: 'image',
          data: Array.from({ length: rows }, (_, r) =>
            grayPng(pixels(r), { width: 64, height: 64 }),
          ),
          type: 'BYTE_ARRAY',
        },
        {
          name: 'label',
          data: Array.from({ length: rows }, (_, r) => BigInt(r % 10)),
          type: 'INT64',
        },
      ],
      rowGroupSize: 500,
    });
    const held = await heldMemoryDuring(async () =>
      readParquetSplit(await asyncBufferFromFile(path), path, { imageColumn: 'image' }),
    );
    const { x, y } = held.result.split;
    expect(x.shape).toEqual([rows, 64, 64, 1]);
    for (const r of [0, 499, 500, 1999])
      expect((x.data as Uint8Array).subarray(r * 4096, (r + 1) * 4096)).toEqual(pixels(r));
    expect(Number(y!.data[1999])).toBe(9);
    expect(held.samples).toBeGreaterThan(3);
    // the tensor and one row group's chunks, rows and copies; the whole file's column chunks, their
    // copies and every row's PNG bytes held at once (3 × 8 MiB more) would exceed this
    expect(held.peak).toBeLessThan(rows * 4096 + 16 * MiB);
  });
});
