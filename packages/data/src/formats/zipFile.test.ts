import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches } from '../../test/helpers/fixtures.js';
import { storedZip } from '../../test/helpers/storedZip.js';
import { readZip } from './zip.js';
import { listZipFile, zipEntryChunks } from './zipFile.js';

const members = { 'a.npy': new Uint8Array([1, 2, 3]), 'dir/b.npy': new Uint8Array(10).fill(7) };

describe('ZIP readers (in memory and on disk)', () => {
  const tempDir = useTempDirs('qstore-zip-');

  async function onDisk(bytes: Uint8Array, name: string): Promise<string> {
    const path = join(await tempDir(), name);
    writeFileSync(path, bytes);
    return path;
  }

  for (const zip64 of [false, true]) {
    it(`should read the same members from a ${zip64 ? 'zip64' : 'plain'} archive`, async () => {
      const bytes = storedZip({ members, zip64, comment: 'made by hand' });
      const inMemory = readZip(bytes, 'm.zip');
      expect(inMemory.map((e) => [e.name, e.read()])).toEqual(Object.entries(members));
      const path = await onDisk(bytes, 'm.zip');
      const listed = await listZipFile(path);
      expect(listed.map((e) => e.name)).toEqual(inMemory.map((e) => e.name));
      for (const entry of listed) {
        const chunks = await collectBatches(zipEntryChunks(path, entry));
        expect(Buffer.concat(chunks)).toEqual(Buffer.from(members[entry.name as 'a.npy']));
      }
    });
  }

  for (const zip64At of [1n << 20n, 1n << 62n, 2n ** 64n - 1n]) {
    it(`should refuse a zip64 locator pointing outside the file (${zip64At}) alike`, async () => {
      const bytes = storedZip({ members, zip64: true, zip64At });
      const message = /bad\.zip: zip64 end record is missing or points outside the file/;
      await expectQStoreError(() => readZip(bytes, 'bad.zip'), 'CORRUPT_DATA', message);
      const path = await onDisk(bytes, 'bad.zip');
      await expectQStoreError(() => listZipFile(path), 'CORRUPT_DATA', message);
    });
  }

  it('should refuse a zip64 local offset pointing outside the file alike', async () => {
    const bytes = storedZip({ members, zip64: true });
    const view = new DataView(bytes.buffer);
    // the second member's zip64 extra: its local offset is the last of the three 64-bit fields
    const name = bytes.findLastIndex(
      (_, i) => new TextDecoder().decode(bytes.subarray(i, i + 9)) === 'dir/b.npy',
    );
    view.setBigUint64(name + 9 + 20, 1n << 60n, true);
    const message = /far\.zip: local header of dir\/b\.npy at byte \d+ is corrupt/;
    await expectQStoreError(() => readZip(bytes, 'far.zip'), 'CORRUPT_DATA', message);
    const path = await onDisk(bytes, 'far.zip');
    await expectQStoreError(() => listZipFile(path), 'CORRUPT_DATA', message);
  });
});
