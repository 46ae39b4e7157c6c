import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { crc32, createInflateRaw } from 'node:zlib';
import { FormatError } from '@qstore/core';
import { type ByteSource, fileRangeSource } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { ioError } from '../internal/io.js';
import {
  END_SEARCH_BYTES,
  findEndRecord,
  LOCAL_HEADER_BYTES,
  memberDataStart,
  parseCentralRecord,
  parseZip64End,
  ZIP64_END_BYTES,
  type ZipDirectoryPlace,
} from '../internal/zipDirectory.js';

const SCOPE = 'data/zip';
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

/**
 * Reads `length` bytes at `offset`; a range that does not lie wholly inside the file reads as no
 * bytes (an offset from a corrupt record can pass what a positional read accepts).
 */
async function readAt(
  handle: FileHandle,
  range: { offset: number; length: number; fileSize: number },
): Promise<Uint8Array> {
  const { offset, length, fileSize } = range;
  if (offset + length > fileSize) return new Uint8Array(0);
  const out = new Uint8Array(length);
  const { bytesRead } = await handle.read(out, 0, length, offset);
  return out.subarray(0, bytesRead);
}

/** The central directory's place (zip64 aware) from the file's tail. */
async function locateDirectory(
  handle: FileHandle,
  fileSize: number,
  file: string,
): Promise<ZipDirectoryPlace> {
  const tailStart = Math.max(0, fileSize - END_SEARCH_BYTES);
  const tail = await readAt(handle, { offset: tailStart, length: fileSize - tailStart, fileSize });
  const end = findEndRecord(tail, file);
  if (end.zip64At === undefined) return end;
  const record = await readAt(handle, { offset: end.zip64At, length: ZIP64_END_BYTES, fileSize });
  return parseZip64End(record, file);
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
    const dir = await readAt(handle, { offset, length: size, fileSize });
    const entries: ZipFileEntry[] = [];
    for (let i = 0, at = 0; i < count; i++) {
      const { record, next } = parseCentralRecord(dir, { at, base: offset, file: path });
      at = next;
      if (record.flags & 1 || (record.method !== 0 && record.method !== 8))
        throw formatError(
          SCOPE,
          path,
          `member ${record.name} is encrypted or uses compression method ${record.method}; expected stored (0) or deflate (8)`,
          'UNSUPPORTED_FORMAT',
        );
      const local = { offset: record.localOffset, length: LOCAL_HEADER_BYTES, fileSize };
      const header = await readAt(handle, local);
      const dataStart = memberDataStart(header, { record, fileSize, file: path });
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

/**
 * A stored (method 0) member as a {@link ByteSource}: positioned reads straight into the caller's
 * buffers, no intermediate chunks. The size and CRC-32 are checked when the last byte is read.
 */
export function storedEntrySource(path: string, entry: ZipFileEntry): ByteSource {
  const where = `${path}:${entry.name}`;
  let crc = 0;
  return fileRangeSource(path, {
    start: entry.dataStart,
    end: entry.dataStart + entry.compressedSize,
    scope: SCOPE,
    onBytes: (bytes) => {
      crc = crc32(bytes, crc);
    },
    onEnd: () => {
      if (entry.compressedSize !== entry.size)
        throw formatError(
          SCOPE,
          where,
          `holds ${entry.compressedSize} bytes, not the declared ${entry.size}`,
        );
      if (crc !== entry.crc) throw formatError(SCOPE, where, 'fails its CRC-32 check');
    },
  });
}
