import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { FormatError } from '@qstore/core';
import { formatError } from '../internal/fail.js';
import { ioError } from '../internal/io.js';

const SCOPE = 'data/zip';
const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const CHUNK = 1 << 20;

/** One member of a ZIP file on disk, located but not read. */
export interface ZipFileEntry {
  readonly name: string;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** Byte offset of the member's data in the file (after its local header). */
  readonly dataStart: number;
}

async function readAt(handle: FileHandle, offset: number, length: number): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const { bytesRead } = await handle.read(out, 0, length, offset);
  return out.subarray(0, bytesRead);
}

/** The central directory's offset and entry count (zip64 aware) from the file's tail. */
async function locateDirectory(
  handle: FileHandle,
  fileSize: number,
  file: string,
): Promise<{ offset: number; count: number; size: number }> {
  const tailStart = Math.max(0, fileSize - 22 - 0xffff - 20);
  const tail = await readAt(handle, tailStart, fileSize - tailStart);
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  let end = -1;
  for (let at = tail.length - 22; at >= 0 && end < 0; at--)
    if (view.getUint32(at, true) === EOCD) end = at;
  if (end < 0) throw formatError(SCOPE, file, 'not a ZIP archive: no end-of-central-directory');
  let count = view.getUint16(end + 10, true);
  let size = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && end >= 20) {
    if (view.getUint32(end - 20, true) === ZIP64_LOCATOR) {
      const at = Number(view.getBigUint64(end - 12, true));
      const record = await readAt(handle, at, 56);
      const recordView = new DataView(record.buffer);
      if (record.length < 56 || recordView.getUint32(0, true) !== ZIP64_EOCD)
        throw formatError(SCOPE, file, 'zip64 end record is missing or points outside the file');
      count = Number(recordView.getBigUint64(32, true));
      size = Number(recordView.getBigUint64(40, true));
      offset = Number(recordView.getBigUint64(48, true));
    }
  }
  return { offset, count, size };
}

/** Parses one central-directory record at `at` of `dir`; returns it and the next record's offset. */
function centralRecord(
  dir: Uint8Array,
  at: number,
  file: string,
): [Omit<ZipFileEntry, 'dataStart'> & { flags: number; localOffset: number }, number] {
  const view = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  if (at + 46 > dir.length || view.getUint32(at, true) !== CENTRAL)
    throw formatError(SCOPE, file, `central directory record ${at} is corrupt`);
  const nameEnd = at + 46 + view.getUint16(at + 28, true);
  const extraEnd = nameEnd + view.getUint16(at + 30, true);
  const next = extraEnd + view.getUint16(at + 32, true);
  if (next > dir.length) throw formatError(SCOPE, file, 'central directory is truncated');
  const sizes = {
    size: view.getUint32(at + 24, true),
    compressedSize: view.getUint32(at + 20, true),
    localOffset: view.getUint32(at + 42, true),
  };
  // zip64 extra (id 1): 64-bit values for the fields that hold 0xffffffff, in this order
  for (let extra = nameEnd; extra + 4 <= extraEnd; extra += 4 + view.getUint16(extra + 2, true)) {
    if (view.getUint16(extra, true) !== 1) continue;
    let field = extra + 4;
    for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
      if (sizes[key] !== 0xffffffff || field + 8 > extraEnd) continue;
      sizes[key] = Number(view.getBigUint64(field, true));
      field += 8;
    }
  }
  const name = new TextDecoder().decode(dir.subarray(at + 46, nameEnd));
  const flags = view.getUint16(at + 8, true);
  const method = view.getUint16(at + 10, true);
  return [{ name, flags, method, crc: view.getUint32(at + 16, true), ...sizes }, next];
}

/**
 * Lists a ZIP file's members by reading only its central directory and local headers (memory: the
 * directory, not the file). Unsafe names (zip-slip) are `UNSAFE_INPUT`, encrypted members and
 * methods other than stored/deflate `UNSUPPORTED_FORMAT`, inconsistent offsets `CORRUPT_DATA`.
 */
export async function listZipFile(path: string): Promise<ZipFileEntry[]> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    throw ioError(error, path, SCOPE);
  });
  try {
    const { size: fileSize } = await handle.stat();
    const { offset, count, size } = await locateDirectory(handle, fileSize, path);
    if (offset + size > fileSize)
      throw formatError(SCOPE, path, 'central directory runs past the end of the file');
    // only the directory is read: a corrupt offset cannot make this read the whole file
    const dir = await readAt(handle, offset, size);
    const entries: ZipFileEntry[] = [];
    for (let i = 0, at = 0; i < count; i++) {
      const [record, next] = centralRecord(dir, at, path);
      at = next;
      if (/(^|\/)\.\.(\/|$)|^\/|\\|\0|^[A-Za-z]:/.test(record.name))
        throw formatError(
          SCOPE,
          path,
          `member name "${record.name}" escapes the archive (zip-slip); refused`,
          'UNSAFE_INPUT',
        );
      if (record.flags & 1 || (record.method !== 0 && record.method !== 8))
        throw formatError(
          SCOPE,
          path,
          `member ${record.name} is encrypted or uses compression method ${record.method}; expected stored (0) or deflate (8)`,
          'UNSUPPORTED_FORMAT',
        );
      const local = await readAt(handle, record.localOffset, 30);
      const localView = new DataView(local.buffer);
      if (local.length < 30 || localView.getUint32(0, true) !== LOCAL)
        throw formatError(SCOPE, path, `local header of ${record.name} is corrupt`);
      const dataStart =
        record.localOffset + 30 + localView.getUint16(26, true) + localView.getUint16(28, true);
      if (dataStart + record.compressedSize > fileSize)
        throw formatError(SCOPE, path, `member ${record.name} runs past the end of the file`);
      const { flags: _flags, localOffset: _local, ...entry } = record;
      entries.push({ ...entry, dataStart });
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/**
 * The bytes of one member as a stream of chunks: a range of the file when stored, inflated on the
 * fly when deflated. Memory stays near one chunk. The size and CRC-32 are checked when the member
 * ends (`CORRUPT_DATA` naming `path:member`); inflating past the declared size stops at once.
 */
export async function* zipEntryChunks(
  path: string,
  entry: ZipFileEntry,
): AsyncGenerator<Uint8Array> {
  const where = `${path}:${entry.name}`;
  const raw =
    entry.compressedSize === 0
      ? undefined
      : createReadStream(path, {
          start: entry.dataStart,
          end: entry.dataStart + entry.compressedSize - 1,
          highWaterMark: CHUNK,
        });
  const source = raw && entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: CHUNK })) : raw;
  let crc = 0;
  let seen = 0;
  try {
    for await (const chunk of source ?? []) {
      const bytes = chunk as Uint8Array;
      seen += bytes.length;
      if (seen > entry.size)
        throw formatError(SCOPE, where, `inflates past its declared size of ${entry.size} bytes`);
      crc = crc32(bytes, crc);
      yield bytes;
    }
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_'))
      throw formatError(SCOPE, where, `corrupt deflate data (${(error as Error).message})`);
    throw error instanceof FormatError ? error : ioError(error, path, SCOPE);
  } finally {
    raw?.destroy();
  }
  if (seen !== entry.size)
    throw formatError(SCOPE, where, `holds ${seen} bytes, not the declared ${entry.size}`);
  if (crc !== entry.crc) throw formatError(SCOPE, where, 'fails its CRC-32 check');
}
