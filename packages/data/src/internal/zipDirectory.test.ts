import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { storedZip } from '../../test/helpers/storedZip.js';
import {
  findEndRecord,
  memberDataStart,
  parseCentralRecord,
  parseZip64End,
} from './zipDirectory.js';

const members = { 'a.npy': new Uint8Array([1, 2, 3]), 'dir/b.npy': new Uint8Array(10).fill(7) };

describe('zipDirectory', () => {
  it('should find the end record behind a comment and read the directory from it', () => {
    const bytes = storedZip({ members, comment: 'x'.repeat(300) });
    const end = findEndRecord(bytes, 'c.zip');
    expect(end.count).toBe(2);
    expect(end.zip64At).toBeUndefined();
    const first = parseCentralRecord(bytes, { at: end.offset, base: 0, file: 'c.zip' });
    expect(first.record).toMatchObject({ name: 'a.npy', method: 0, size: 3, localOffset: 0 });
    const second = parseCentralRecord(bytes, { at: first.next, base: 0, file: 'c.zip' });
    expect(second.record).toMatchObject({ name: 'dir/b.npy', size: 10, compressedSize: 10 });
    expect(second.next).toBe(end.offset + end.size);
  });

  it('should follow the zip64 locator and apply the zip64 extra field', () => {
    const bytes = storedZip({ members, zip64: true });
    const end = findEndRecord(bytes, 'z.zip');
    expect(end.count).toBe(0xffff);
    expect(end.zip64At).toBeDefined();
    const at = end.zip64At!;
    const place = parseZip64End(bytes.subarray(at), 'z.zip');
    expect(place.count).toBe(2);
    const dir = bytes.subarray(place.offset, place.offset + place.size);
    const { record, next } = parseCentralRecord(dir, { at: 0, base: place.offset, file: 'z.zip' });
    expect(record).toMatchObject({ name: 'a.npy', size: 3, compressedSize: 3, localOffset: 0 });
    const second = parseCentralRecord(dir, { at: next, base: place.offset, file: 'z.zip' }).record;
    const header = bytes.subarray(second.localOffset);
    const start = memberDataStart(header, { record: second, fileSize: bytes.length, file: 'z' });
    expect(bytes.subarray(start, start + second.size)).toEqual(members['dir/b.npy']);
  });

  it('should name what is wrong with a corrupt tail, record or local header', async () => {
    await expectQStoreError(
      () => findEndRecord(new Uint8Array(100), 'n.zip'),
      'CORRUPT_DATA',
      /n\.zip: not a ZIP archive: no end-of-central-directory record/,
    );
    await expectQStoreError(
      () => parseZip64End(new Uint8Array(20), 'z.zip'),
      'CORRUPT_DATA',
      /zip64 end record is missing or points outside the file/,
    );
    const bytes = storedZip({ members });
    const { offset } = findEndRecord(bytes, 'c.zip');
    await expectQStoreError(
      () => parseCentralRecord(bytes, { at: offset + 1, base: 0, file: 'c.zip' }),
      'CORRUPT_DATA',
      new RegExp(`central directory record at byte ${offset + 1} is corrupt`),
    );
    const cut = bytes.subarray(offset, offset + 50); // the record's name runs past the bytes given
    await expectQStoreError(
      () => parseCentralRecord(cut, { at: 0, base: offset, file: 'c.zip' }),
      'CORRUPT_DATA',
      new RegExp(`central directory record at byte ${offset} is truncated`),
    );
    const { record } = parseCentralRecord(bytes, { at: offset, base: 0, file: 'c.zip' });
    await expectQStoreError(
      () => memberDataStart(bytes.subarray(1, 31), { record, fileSize: bytes.length, file: 'c' }),
      'CORRUPT_DATA',
      /local header of a\.npy at byte 0 is corrupt/,
    );
    await expectQStoreError(
      () => memberDataStart(bytes.subarray(0, 30), { record, fileSize: 36, file: 'c' }),
      'CORRUPT_DATA',
      /member a\.npy runs past the end of the file/,
    );
  });

  it('should refuse member names that escape the archive and accept the rest', async () => {
    const nameOf = (name: string) => {
      const bytes = storedZip({ members: { [name]: new Uint8Array(1) } });
      const { offset } = findEndRecord(bytes, 's.zip');
      return parseCentralRecord(bytes, { at: offset, base: 0, file: 's.zip' }).record.name;
    };
    for (const name of ['../x', 'a/../../x', '/etc/passwd', 'C:/x', 'a\\b', 'a\0b', '..']) {
      await expectQStoreError(
        () => nameOf(name),
        'UNSAFE_INPUT',
        /s\.zip: member name .* escapes the archive \(zip-slip\); refused/,
      );
    }
    for (const name of ['x.npy', 'a/b/c.npy', 'a..b', '..x/y', 'x/..y']) {
      expect(nameOf(name)).toBe(name);
    }
  });
});
