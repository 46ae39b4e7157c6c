import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { asyncBufferFromFile } from 'hyparquet';
import { parquetWriteFile } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, numbers } from '../../test/helpers/fixtures.js';
import { readParquetSplit } from './parquet.js';

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
