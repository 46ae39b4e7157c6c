import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches, fixtureBytes, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { heldMemory } from '../../test/helpers/heldMemory.js';
import { parseNpz } from './npz.js';
import { type StreamNpzOptions, streamNpzSplit } from './npzStream.js';

const collect = (path: string, options: StreamNpzOptions) =>
  collectBatches(streamNpzSplit(path, options));

const drain = (path: string, options: StreamNpzOptions) => async () => {
  await collect(path, options);
};

describe('streamNpzSplit', () => {
  const tempDir = useTempDirs('qstore-npz-stream-');

  for (const kind of ['stored', 'deflated']) {
    it(`should stream every split of a ${kind} npz in bounded batches equal to the parsed arrays`, async () => {
      const path = fixturePath('npz', `${kind}.npz`);
      const whole = parseNpz(fixtureBytes('npz', `${kind}.npz`), path);
      for (const split of ['train', 'test']) {
        const batches = await collect(path, { split, batchSize: 5 });
        const rows = whole[`x_${split}`]!.shape[0]!;
        expect(batches.map((b) => b.x.shape[0])).toEqual(
          Array.from({ length: Math.ceil(rows / 5) }, (_, i) => Math.min(5, rows - i * 5)),
        );
        expect(batches.map((b) => b.offset)).toEqual(batches.map((_, i) => i * 5));
        expect(batches[0]!.x.shape.slice(1)).toEqual([28, 28]);
        expect(batches.flatMap((b) => numbers(b.x.data))).toEqual(
          numbers(whole[`x_${split}`]!.data),
        );
        expect(batches.flatMap((b) => numbers(b.y!.data))).toEqual(
          numbers(whole[`y_${split}`]!.data),
        );
      }
    });
  }

  it('should stream arrays named by keys and name a missing one', async () => {
    const path = fixturePath('npz', 'stored.npz');
    const [batch] = await collect(path, { split: 'train', batchSize: 10, keys: { x: 'w' } });
    expect(batch!.x.data).toEqual(new Float64Array([0, 1, 2, 3, 4]));
    await expectQStoreError(
      drain(path, { split: 'train', batchSize: 1, keys: { x: 'nope' } }),
      'NOT_FOUND',
      /stored\.npz: has no array "nope"; it holds x_train, y_train/,
    );
    await expectQStoreError(
      drain(path, { split: 'val', batchSize: 1 }),
      'CORRUPT_DATA',
      /stored\.npz: holds x_train, .*; expected x_val/,
    );
  });

  it('should report a member whose bytes fail the CRC-32 check once the member ends', async () => {
    const bytes = fixtureBytes('npz', 'stored.npz');
    bytes[200] = bytes[200]! ^ 0xff; // a pixel of x_train (stored, so the bytes are the data)
    const path = join(await tempDir(), 'flipped.npz');
    writeFileSync(path, bytes);
    await expectQStoreError(
      drain(path, { split: 'train', batchSize: 8 }),
      'CORRUPT_DATA',
      /flipped\.npz:x_train\.npy: fails its CRC-32 check/,
    );
  });

  it('should refuse a deflated member that inflates past its declared size, and corrupt deflate data', async () => {
    const dir = await tempDir();
    const lying = fixtureBytes('npz', 'deflated.npz');
    const view = new DataView(lying.buffer, lying.byteOffset, lying.byteLength);
    const central = lying.findIndex(
      (_, i) => i + 4 <= lying.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(central + 24, 300, true);
    writeFileSync(join(dir, 'lying.npz'), lying);
    await expectQStoreError(
      drain(join(dir, 'lying.npz'), { split: 'train', batchSize: 8 }),
      'CORRUPT_DATA',
      /lying\.npz:x_train\.npy: inflates past its declared size of 300 bytes/,
    );
    const garbled = fixtureBytes('npz', 'deflated.npz');
    garbled.fill(0xff, 100, 400);
    writeFileSync(join(dir, 'garbled.npz'), garbled);
    await expectQStoreError(
      drain(join(dir, 'garbled.npz'), { split: 'train', batchSize: 8 }),
      'CORRUPT_DATA',
      /garbled\.npz/,
    );
  });

  it('should refuse zip-slip names, truncated archives and missing files', async () => {
    await expectQStoreError(
      drain(fixturePath('npz', 'zipslip.npz'), { split: 'train', batchSize: 1 }),
      'UNSAFE_INPUT',
      /zipslip\.npz: member name "\.\.\/\.\.\/evil\.npy" escapes/,
    );
    const dir = await tempDir();
    writeFileSync(join(dir, 'cut.npz'), fixtureBytes('npz', 'stored.npz').subarray(0, 4000));
    await expectQStoreError(
      drain(join(dir, 'cut.npz'), { split: 'train', batchSize: 1 }),
      'CORRUPT_DATA',
      /cut\.npz: not a ZIP archive/,
    );
    await expectQStoreError(
      drain(join(dir, 'none.npz'), { split: 'train', batchSize: 1 }),
      'NOT_FOUND',
      /none\.npz: no such file/,
    );
  });

  it('should hold about one batch while inflating a 64 MiB member (the zip bomb fixture)', async () => {
    const batchSize = 1 << 22; // 4 MiB of uint8 rows; the member inflates to 64 MiB
    const { peak, rows } = await heldMemory(
      streamNpzSplit(fixturePath('npz', 'bomb.npz'), { split: 'train', batchSize }),
    );
    expect(rows).toBe(64 * 2 ** 20);
    // held while a batch is in the caller's hands (after collecting garbage): the batch, one
    // 1 MiB chunk, zlib's buffers; loading the member whole would hold 64 MiB
    expect(peak).toBeLessThan(2.5 * batchSize + 4 * 2 ** 20);
  }, 120_000);
});
