import { gzipSync } from 'node:zlib';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, numbers } from '../../test/helpers/fixtures.js';
import { parseIdx } from './idx.js';

describe('parseIdx', () => {
  it('should read gzipped uint8 images and labels as zero-copy views', () => {
    const images = parseIdx(
      fixtureBytes('keras', 'tf-keras-datasets', 'train-images-idx3-ubyte.gz'),
      'i',
    );
    const labels = parseIdx(
      fixtureBytes('keras', 'tf-keras-datasets', 'train-labels-idx1-ubyte.gz'),
      'l',
    );
    expect(images.shape).toEqual([32, 28, 28]);
    expect(images.dtype).toBe('uint8');
    expect(numbers(labels.data.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  });

  it('should byte-swap big-endian float32 and int16 data', () => {
    const f = parseIdx(fixtureBytes('idx', 'float32.idx'), 'f');
    expect(f).toMatchObject({ dtype: 'float32', shape: [2, 3, 4] });
    expect(numbers(f.data)).toEqual(Array.from({ length: 24 }, (_, i) => i / 8));
    const s = parseIdx(fixtureBytes('idx', 'int16.idx'), 's');
    expect(numbers(s.data)).toEqual([-3, 0, 300, -32768, 32767]);
  });

  it('should refuse wrong magic, unknown types, lying headers and truncated gzip', async () => {
    const bytes = fixtureBytes('idx', 'int16.idx');
    await expectQStoreError(
      () => parseIdx(new Uint8Array([1, 0, 8, 1]), 'm.idx'),
      'CORRUPT_DATA',
      /m\.idx: not an IDX file/,
    );
    const badType = bytes.slice();
    badType[2] = 0x42;
    await expectQStoreError(
      () => parseIdx(badType, 't.idx'),
      'UNSUPPORTED_FORMAT',
      /t\.idx: unknown IDX element type 0x42/,
    );
    const lying = bytes.slice();
    lying[7] = 6;
    await expectQStoreError(
      () => parseIdx(lying, 'l.idx'),
      'CORRUPT_DATA',
      /l\.idx: header says shape \[6\]/,
    );
    const gz = gzipSync(bytes);
    await expectQStoreError(
      () => parseIdx(gz.subarray(0, gz.length - 10), 'g.idx.gz'),
      'CORRUPT_DATA',
      /g\.idx\.gz: corrupt or truncated gzip/,
    );
  });
});
