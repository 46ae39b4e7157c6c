import { crc32 } from 'node:zlib';

/** What `storedZip` writes. */
export interface StoredZipOptions {
  /** Members, stored (method 0), in order. */
  members: Record<string, Uint8Array>;
  /** Write zip64 structures: 0xffffffff sizes, a zip64 extra, end record and locator. */
  zip64?: boolean;
  /** Where the zip64 locator says the zip64 end record is (default: where it is written). */
  zip64At?: bigint;
  /** The archive comment after the end record. */
  comment?: string;
}

function record(size: number, fill: (view: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** A ZIP archive of stored members written field by field (as Python's zipfile would). */
export function storedZip(options: StoredZipOptions): Uint8Array {
  const { members, zip64 = false, comment = '' } = options;
  const text = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let at = 0;
  const push = (part: Uint8Array, into = parts) => {
    into.push(part);
    if (into === parts) at += part.length;
  };
  for (const [name, data] of Object.entries(members)) {
    const nameBytes = text.encode(name);
    const crc = crc32(data);
    const local = at;
    push(
      record(30, (v) => {
        v.setUint32(0, 0x04034b50, true);
        v.setUint16(4, 45, true);
        v.setUint32(14, crc, true);
        v.setUint32(18, data.length, true);
        v.setUint32(22, data.length, true);
        v.setUint16(26, nameBytes.length, true);
      }),
    );
    push(nameBytes);
    push(data);
    const wide = (n: number) => (zip64 ? 0xffffffff : n);
    push(
      record(46, (v) => {
        v.setUint32(0, 0x02014b50, true);
        v.setUint16(4, 45, true);
        v.setUint16(6, 45, true);
        v.setUint32(16, crc, true);
        v.setUint32(20, wide(data.length), true);
        v.setUint32(24, wide(data.length), true);
        v.setUint16(28, nameBytes.length, true);
        v.setUint16(30, zip64 ? 28 : 0, true);
        v.setUint32(42, wide(local), true);
      }),
      central,
    );
    push(nameBytes, central);
    if (zip64)
      push(
        record(28, (v) => {
          v.setUint16(0, 1, true);
          v.setUint16(2, 24, true);
          v.setBigUint64(4, BigInt(data.length), true);
          v.setBigUint64(12, BigInt(data.length), true);
          v.setBigUint64(20, BigInt(local), true);
        }),
        central,
      );
  }
  const count = Object.keys(members).length;
  const dirOffset = at;
  const dirSize = central.reduce((sum, part) => sum + part.length, 0);
  for (const part of central) push(part);
  if (zip64) {
    const endAt = at;
    push(
      record(56, (v) => {
        v.setUint32(0, 0x06064b50, true);
        v.setBigUint64(4, 44n, true);
        v.setUint16(12, 45, true);
        v.setUint16(14, 45, true);
        v.setBigUint64(24, BigInt(count), true);
        v.setBigUint64(32, BigInt(count), true);
        v.setBigUint64(40, BigInt(dirSize), true);
        v.setBigUint64(48, BigInt(dirOffset), true);
      }),
    );
    push(
      record(20, (v) => {
        v.setUint32(0, 0x07064b50, true);
        v.setBigUint64(8, options.zip64At ?? BigInt(endAt), true);
        v.setUint32(16, 1, true);
      }),
    );
  }
  const commentBytes = text.encode(comment);
  push(
    record(22, (v) => {
      v.setUint32(0, 0x06054b50, true);
      v.setUint16(8, zip64 ? 0xffff : count, true);
      v.setUint16(10, zip64 ? 0xffff : count, true);
      v.setUint32(12, zip64 ? 0xffffffff : dirSize, true);
      v.setUint32(16, zip64 ? 0xffffffff : dirOffset, true);
      v.setUint16(20, commentBytes.length, true);
    }),
  );
  push(commentBytes);
  const out = new Uint8Array(at);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
