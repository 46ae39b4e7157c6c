import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigCifarPickle } from '../../test/helpers/cifarTarball.js';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { fixtureBytes } from '../../test/helpers/fixtures.js';
import { readCifarPicklePlanar } from './cifarPickle.js';
import { streamCifarPickleRows } from './cifarPickleStream.js';
import { gunzipBytes } from './gzip.js';
import { readTar } from './tar.js';

const PIXELS = 3072;

/** A body over bytes that records the largest single read asked of it. */
function bodyOf(bytes: Uint8Array) {
  let at = 0;
  const body = {
    file: 'batch',
    size: bytes.length,
    maxRead: 0,
    async readInto(out: Uint8Array) {
      body.maxRead = Math.max(body.maxRead, out.length);
      const n = Math.min(out.length, bytes.length - at);
      out.set(bytes.subarray(at, at + n));
      at += n;
      return n;
    },
  };
  return body;
}

/** Streams a pickle's rows; returns them joined (planar), their labels and the largest read. */
async function streamed(bytes: Uint8Array, labelKey: string, chunkBytes?: number) {
  const body = bodyOf(bytes);
  const rows: number[] = [];
  const parts: Buffer[] = [];
  let runs = 0;
  const options = chunkBytes === undefined ? {} : { chunkBytes };
  for await (const run of streamCifarPickleRows(body, labelKey, options)) {
    runs++;
    for (let r = 0; r < run.labels.length; r++) {
      rows.push(run.labels[r]!);
      const at = run.base + r * run.stride;
      parts.push(Buffer.from(run.src.subarray(at, at + PIXELS)));
    }
  }
  return { planar: Buffer.concat(parts), labels: rows, maxRead: body.maxRead, runs };
}

const tarMembers = (file: string) =>
  readTar(gunzipBytes(fixtureBytes('keras', 'kriz', file), { file }), file);
const c10 = tarMembers('cifar-10-python.tar.gz');
const c100 = tarMembers('cifar-100-python.tar.gz');
const member = (members: typeof c10, name: string) =>
  members.find((m) => m.name.endsWith(`/${name}`))!.data;

/** Every look-alike batch with a label key it holds: Python 2 (Keras' archives) and Python 3. */
const batches: { name: string; bytes: Uint8Array; key: string }[] = [
  ...['data_batch_1', 'data_batch_5', 'test_batch'].map((n) => ({
    name: `py2 cifar-10 ${n}`,
    bytes: member(c10, n),
    key: 'labels',
  })),
  ...['train', 'test'].flatMap((n) =>
    ['fine_labels', 'coarse_labels'].map((key) => ({
      name: `py2 cifar-100 ${n}`,
      bytes: member(c100, n),
      key,
    })),
  ),
  ...[2, 3, 4].map((p) => ({
    name: `py3 protocol ${p}`,
    bytes: fixtureBytes('pickle', `cifar100_train_py3_p${p}.pkl`),
    key: 'fine_labels',
  })),
];

describe('streamCifarPickleRows', () => {
  it('should hand out every row and label of Python 2 and 3 CIFAR pickles as the whole-file reader reads them, whatever the read sizes, without reading the pixel string whole', async () => {
    for (const { name, bytes, key } of batches) {
      const whole = readCifarPicklePlanar(bytes, name, key);
      for (const chunkBytes of [1, 3, 64, 4096, undefined]) {
        const got = await streamed(bytes, key, chunkBytes);
        expect(got.labels, `${name} ${chunkBytes}`).toEqual(whole.labels);
        expect(got.planar.equals(Buffer.from(whole.planar)), `${name} ${chunkBytes}`).toBe(true);
        // the pixel string (≥ 9 KiB) was never asked for in one read: only strings below a row were
        if (chunkBytes !== undefined)
          expect(got.maxRead).toBeLessThanOrEqual(Math.max(chunkBytes, PIXELS - 1));
      }
    }
  });

  it('should hand out a full-size batch in runs of 256 rows read 64 KiB at a time', async () => {
    const rows = 1000;
    const bytes = bigCifarPickle(member(c100, 'train'), rows, {
      labels: { fine_labels: (r) => r % 100, coarse_labels: (r) => r % 20 },
      pixel: (r, p) => (r * 7 + p * 13) & 255,
    });
    const got = await streamed(bytes, 'coarse_labels');
    expect(got.runs).toBe(4);
    expect(got.maxRead).toBe(1 << 16);
    expect(got.labels).toEqual(Array.from({ length: rows }, (_, r) => r % 20));
    const whole = readCifarPicklePlanar(bytes, 'big', 'coarse_labels');
    expect(got.planar.equals(Buffer.from(whole.planar))).toBe(true);
  });

  it('should read a batch whose labels come after data whole (bounded by its size), with the same rows', async () => {
    const bytes = fixtureBytes('pickle', 'cifar100_train_labels_last.pkl');
    const whole = readCifarPicklePlanar(bytes, 'late', 'fine_labels');
    const got = await streamed(bytes, 'fine_labels', 64);
    expect(got.labels).toEqual(whole.labels);
    expect(got.planar.equals(Buffer.from(whole.planar))).toBe(true);
    // the machine asked for (nearly) the whole 15 KiB pixel string at once: it was held, not streamed
    expect(got.maxRead).toBeGreaterThan(4 * PIXELS);
    expect(got.maxRead).toBeLessThanOrEqual(bytes.length);
  });

  it('should refuse a forbidden global before handing out any row, and name a missing label key', async () => {
    const bytes = Buffer.from(member(c100, 'train'));
    const at = bytes.indexOf('numpy\nndarray\n');
    const evil = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from('posix\nsystem\n'),
      bytes.subarray(at + 'numpy\nndarray\n'.length),
    ]);
    let rows = 0;
    await expectQStoreError(
      async () => {
        for await (const run of streamCifarPickleRows(bodyOf(evil), 'fine_labels'))
          rows += run.labels.length;
      },
      'UNSAFE_INPUT',
      /batch: pickle names the global posix\.system, which is not allowed/,
    );
    expect(rows).toBe(0);
    await expectQStoreError(
      () => streamed(member(c10, 'test_batch'), 'fine_labels'),
      'CORRUPT_DATA',
      /batch: the batch has no key 'fine_labels' \(it has batch_label, labels, data, filenames\)/,
    );
  });

  it('should refuse a pixel string longer than the array it fills, as the whole-file reader does', async () => {
    // the BINSTRING says one byte more than 3 rows; the array's shape says 3 rows
    const bytes = Buffer.from(member(c10, 'data_batch_1'));
    const at = bytes.indexOf(Buffer.from([0x54, 0, 0x24, 0, 0])); // BINSTRING 9216
    const longer = Buffer.concat([
      bytes.subarray(0, at),
      Buffer.from([0x54, 1, 0x24, 0, 0]),
      bytes.subarray(at + 5, at + 5 + 3 * PIXELS),
      Buffer.from([0]),
      bytes.subarray(at + 5 + 3 * PIXELS),
    ]);
    let message = '';
    try {
      readCifarPicklePlanar(longer, 'batch', 'labels');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/batch: data: header says shape \[3, 3072\]/);
    const error = await expectQStoreError(() => streamed(longer, 'labels'), 'CORRUPT_DATA');
    expect(error.message).toBe(message);
  });

  it('should only ever throw QStoreErrors on corrupt batches, streamed in small reads (fast-check)', () =>
    fc.assert(
      fc.asyncProperty(
        fc.oneof(
          corruptionOf(member(c100, 'train')),
          corruptionOf(fixtureBytes('pickle', 'cifar100_train_py3_p2.pkl')),
          corruptionOf(fixtureBytes('pickle', 'cifar100_train_py3_p4.pkl')),
        ),
        fc.constantFrom(7, 4096),
        (bytes, chunkBytes) =>
          parsesOrThrowsQStoreError(() => streamed(bytes, 'fine_labels', chunkBytes)),
      ),
      { numRuns: 300, timeout: 5000 },
    ));
});
