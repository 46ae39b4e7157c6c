import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, numbers } from '../../test/helpers/fixtures.js';
import { parseIdx } from './idx.js';
import { parseNpz } from './npz.js';

describe('parseNpz', () => {
  const idxImages = parseIdx(
    fixtureBytes('keras', 'tf-keras-datasets', 'train-images-idx3-ubyte.gz'),
    'idx',
  );

  for (const kind of ['stored', 'deflated']) {
    it(`should read a ${kind} npz written by numpy (zip64 local extras, unaligned members)`, () => {
      const arrays = parseNpz(fixtureBytes('npz', `${kind}.npz`), `${kind}.npz`);
      expect(Object.keys(arrays).sort()).toEqual(['w', 'x_test', 'x_train', 'y_test', 'y_train']);
      expect(arrays['x_train']!.shape).toEqual([32, 28, 28]);
      expect(arrays['x_train']!.data).toEqual(idxImages.data);
      expect(numbers(arrays['y_train']!.data.subarray(0, 10))).toEqual([
        9, 0, 0, 3, 0, 2, 7, 2, 5, 5,
      ]);
      expect(arrays['w']!.data).toEqual(new Float64Array([0, 1, 2, 3, 4]));
    });
  }

  it('should decode only the requested keys and name a missing one', async () => {
    const arrays = parseNpz(fixtureBytes('npz', 'stored.npz'), 's.npz', { keys: ['w'] });
    expect(Object.keys(arrays)).toEqual(['w']);
    await expectQStoreError(
      () => parseNpz(fixtureBytes('npz', 'stored.npz'), 's.npz', { keys: ['nope'] }),
      'NOT_FOUND',
      /s\.npz: has no array "nope"; it holds x_train/,
    );
  });

  it('should refuse a member whose name escapes the archive (zip-slip)', async () => {
    await expectQStoreError(
      () => parseNpz(fixtureBytes('npz', 'zipslip.npz'), 'zipslip.npz'),
      'UNSAFE_INPUT',
      /zipslip\.npz: member name "\.\.\/\.\.\/evil\.npy" escapes/,
    );
  });

  it('should refuse a zip bomb beyond the size limit before inflating it', async () => {
    await expectQStoreError(
      () => parseNpz(fixtureBytes('npz', 'bomb.npz'), 'bomb.npz', { maxEntryBytes: 16 * 2 ** 20 }),
      'RESOURCE_LIMIT',
      /bomb\.npz: member x\.npy declares 67108992 bytes/,
    );
  });

  it('should refuse a member that inflates past its declared size', async () => {
    const bytes = fixtureBytes('npz', 'deflated.npz');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // shrink the declared size of the first member in the central directory
    const central = bytes.findIndex(
      (_, i) => i + 4 <= bytes.length && view.getUint32(i, true) === 0x02014b50,
    );
    view.setUint32(central + 24, 100, true);
    await expectQStoreError(
      () => parseNpz(bytes, 'lying.npz'),
      'CORRUPT_DATA',
      /lying\.npz: member .*inflates past its declared size of 100/,
    );
  });

  it('should detect a flipped pixel in a stored member and a flipped bit in a deflated one (CRC-32)', async () => {
    for (const kind of ['stored', 'deflated']) {
      const bytes = fixtureBytes('npz', `${kind}.npz`);
      // a byte inside x_train's data, past its local header, name, zip64 extra and npy header
      const local = new TextDecoder('latin1').decode(bytes).indexOf('x_train.npy');
      const at = kind === 'stored' ? local + 11 + 20 + 128 + 200 : local + 11 + 20 + 500;
      bytes[at] = bytes[at]! ^ (kind === 'stored' ? 0xff : 0x01);
      await expectQStoreError(
        () => parseNpz(bytes, `${kind}.npz`, { keys: ['x_train'] }),
        'CORRUPT_DATA',
        new RegExp(`${kind}\\.npz: member x_train\\.npy fails its CRC-32 check`),
      );
    }
  });

  it('should refuse a truncated archive and non-zip bytes', async () => {
    const bytes = fixtureBytes('npz', 'stored.npz');
    await expectQStoreError(
      () => parseNpz(bytes.subarray(0, 4000), 't.npz'),
      'CORRUPT_DATA',
      /t\.npz/,
    );
    await expectQStoreError(
      () => parseNpz(new Uint8Array(100), 'zero.npz'),
      'CORRUPT_DATA',
      /zero\.npz: not a ZIP archive/,
    );
  });
});
