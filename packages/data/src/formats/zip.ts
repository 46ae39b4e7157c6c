import { crc32, inflateRawSync } from 'node:zlib';
import { formatError, limitError } from '../internal/fail.js';
import {
  findEndRecord,
  memberDataStart,
  parseCentralRecord,
  parseZip64End,
  type ZipCentralRecord,
} from '../internal/zipDirectory.js';

const SCOPE = 'data/zip';

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

function inflate(data: Uint8Array, entry: ZipCentralRecord, file: string): Uint8Array {
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
  const end = findEndRecord(bytes, file);
  const { count, offset } =
    end.zip64At === undefined ? end : parseZip64End(bytes.subarray(end.zip64At), file);
  const entries: ZipEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    const { record: entry, next } = parseCentralRecord(bytes, { at, base: 0, file });
    at = next;
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
    const header = bytes.subarray(entry.localOffset);
    const start = memberDataStart(header, { record: entry, fileSize: bytes.length, file });
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
