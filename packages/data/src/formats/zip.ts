import { crc32, inflateRawSync } from 'node:zlib';
import { formatError, limitError } from '../internal/fail.js';

const SCOPE = 'data/zip';
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** Limits that keep a hostile archive (zip bomb) from filling memory. */
export interface ZipLimits {
  /** The largest uncompressed member accepted, in bytes. @default 2 GiB */
  maxEntryBytes?: number;
  /** The largest uncompressed total accepted, in bytes. @default 8 GiB */
  maxTotalBytes?: number;
}

/** One member of a ZIP archive; `read()` decompresses and CRC-checks it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  read(): Uint8Array;
}

interface Central {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function u64(view: DataView, offset: number): number {
  return Number(view.getBigUint64(offset, true));
}

function isUnsafeName(name: string): boolean {
  return (
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').some((part) => part === '..')
  );
}

function findEnd(view: DataView, file: string): number {
  const last = view.byteLength - 22;
  for (let at = last; at >= Math.max(0, last - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw formatError(SCOPE, file, 'not a ZIP archive: no end-of-central-directory record');
}

function readDirectory(view: DataView, file: string): { count: number; offset: number } {
  const end = findEnd(view, file);
  let count = view.getUint16(end + 10, true);
  let offset = view.getUint32(end + 16, true);
  if (
    (count === 0xffff || offset === 0xffffffff) &&
    end >= 20 &&
    view.getUint32(end - 20, true) === ZIP64_LOCATOR
  ) {
    const at = u64(view, end - 12);
    if (at + 56 > view.byteLength || view.getUint32(at, true) !== ZIP64_EOCD) {
      throw formatError(SCOPE, file, 'zip64 end record is missing or points outside the file');
    }
    count = u64(view, at + 32);
    offset = u64(view, at + 48);
  }
  return { count, offset };
}

function readCentral(
  view: DataView,
  at: number,
  bytes: Uint8Array,
  file: string,
): [Central, number] {
  if (at + 46 > view.byteLength || view.getUint32(at, true) !== CENTRAL) {
    throw formatError(SCOPE, file, `central directory entry at byte ${at} is corrupt`);
  }
  const nameLength = view.getUint16(at + 28, true);
  const extraLength = view.getUint16(at + 30, true);
  const commentLength = view.getUint16(at + 32, true);
  const next = at + 46 + nameLength + extraLength + commentLength;
  if (next > view.byteLength)
    throw formatError(SCOPE, file, 'central directory runs past the end of the file');
  const entry: Central = {
    name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
    flags: view.getUint16(at + 8, true),
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    localOffset: view.getUint32(at + 42, true),
  };
  // Zip64 extra field: 64-bit values for exactly the fields that hold 0xffffffff, in this order.
  let extra = at + 46 + nameLength;
  const extraEnd = extra + extraLength;
  while (extra + 4 <= extraEnd) {
    const id = view.getUint16(extra, true);
    const size = view.getUint16(extra + 2, true);
    if (id === 0x0001) {
      let field = extra + 4;
      for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
        if (entry[key] === 0xffffffff && field + 8 <= extra + 4 + size) {
          entry[key] = u64(view, field);
          field += 8;
        }
      }
    }
    extra += 4 + size;
  }
  return [entry, next];
}

function inflate(data: Uint8Array, entry: Central, file: string): Uint8Array {
  if (entry.method === 0) {
    if (data.length !== entry.size)
      throw formatError(
        SCOPE,
        file,
        `member ${entry.name}: stored size ${data.length} differs from ${entry.size}`,
      );
    return data;
  }
  if (entry.method !== 8) {
    throw formatError(
      SCOPE,
      file,
      `member ${entry.name} uses compression method ${entry.method}; expected stored (0) or deflate (8)`,
      'UNSUPPORTED_FORMAT',
    );
  }
  let out: Buffer;
  try {
    out = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    const tooBig =
      error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
    const reason = tooBig
      ? `inflates past its declared size of ${entry.size} bytes`
      : `corrupt deflate data (${(error as Error).message})`;
    throw formatError(SCOPE, file, `member ${entry.name}: ${reason}`, 'CORRUPT_DATA', error);
  }
  if (out.length !== entry.size)
    throw formatError(
      SCOPE,
      file,
      `member ${entry.name} inflates to ${out.length} bytes, not the declared ${entry.size}`,
    );
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * Lists the members of a ZIP archive held in memory (zip64 included). Refuses unsafe member names
 * (absolute, `..`, backslashes: zip-slip) with `UNSAFE_INPUT` and archives whose declared sizes pass
 * the limits with `RESOURCE_LIMIT`; a member that inflates past its declared size is `CORRUPT_DATA`.
 */
export function readZip(bytes: Uint8Array, file: string, limits: ZipLimits = {}): ZipEntry[] {
  const maxEntry = limits.maxEntryBytes ?? 2 ** 31;
  const maxTotal = limits.maxTotalBytes ?? 2 ** 33;
  if (bytes.length < 22)
    throw formatError(SCOPE, file, `not a ZIP archive: only ${bytes.length} bytes`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { count, offset } = readDirectory(view, file);
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    const [entry, next] = readCentral(view, at, bytes, file);
    at = next;
    if (isUnsafeName(entry.name)) {
      throw formatError(
        SCOPE,
        file,
        `member name "${entry.name}" escapes the archive (zip-slip); refused`,
        'UNSAFE_INPUT',
      );
    }
    if (entry.flags & 1)
      throw formatError(SCOPE, file, `member ${entry.name} is encrypted`, 'UNSUPPORTED_FORMAT');
    total += entry.size;
    if (entry.size > maxEntry || total > maxTotal) {
      throw limitError(
        SCOPE,
        file,
        `member ${entry.name} declares ${entry.size} bytes (total ${total}); limits are ${maxEntry} per member and ${maxTotal} in all`,
      );
    }
    const local = entry.localOffset;
    if (local + 30 > view.byteLength || view.getUint32(local, true) !== LOCAL) {
      throw formatError(SCOPE, file, `local header of ${entry.name} at byte ${local} is corrupt`);
    }
    // The local extra length differs from the central one (numpy writes zip64 extras only locally).
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    if (start + entry.compressedSize > view.byteLength) {
      throw formatError(
        SCOPE,
        file,
        `member ${entry.name} runs past the end of the file (truncated archive?)`,
      );
    }
    entries.push({
      name: entry.name,
      method: entry.method,
      compressedSize: entry.compressedSize,
      size: entry.size,
      read: () => {
        const data = inflate(bytes.subarray(start, start + entry.compressedSize), entry, file);
        if (crc32(data) !== entry.crc)
          throw formatError(SCOPE, file, `member ${entry.name} fails its CRC-32 check`);
        return data;
      },
    });
  }
  return entries;
}
