import { formatError } from './fail.js';

// The ZIP structures both readers share, as pure functions over byte arrays: the in-memory reader
// hands them subarrays of the whole file, the on-disk reader the bytes of its positional reads.

const SCOPE = 'data/zip';
/** The record signatures, as little-endian 32-bit numbers. */
const SIGNATURE = {
  end: 0x06054b50,
  zip64Locator: 0x07064b50,
  zip64End: 0x06064b50,
  central: 0x02014b50,
  local: 0x04034b50,
} as const;
const END_BYTES = 22;
const LOCATOR_BYTES = 20;
const MAX_COMMENT = 0xffff;

/** Bytes of a local file header before its name and extra field. */
export const LOCAL_HEADER_BYTES = 30;
/** Bytes of a zip64 end-of-central-directory record (without its extensible data). */
export const ZIP64_END_BYTES = 56;
/** How many trailing bytes hold the end record, its comment and a zip64 locator before it. */
export const END_SEARCH_BYTES = END_BYTES + MAX_COMMENT + LOCATOR_BYTES;

/** Where the central directory is and how many records it holds. */
export interface ZipDirectoryPlace {
  count: number;
  /** Bytes of the whole directory. */
  size: number;
  /** Byte offset of the directory in the file. */
  offset: number;
}

/** The end record's view of the directory; `zip64At` is set when the zip64 end record rules. */
export interface ZipEndRecord extends ZipDirectoryPlace {
  /** File offset of the zip64 end record to read (then pass to `parseZip64End`). */
  zip64At?: number;
}

/** One central-directory record, with zip64 sizes and offset already applied. */
export interface ZipCentralRecord {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/** Where a central record sits: `at` in the bytes passed, which start at file offset `base`. */
export interface ZipRecordPlace {
  at: number;
  base: number;
  file: string;
}

/** A member's local header read at `localOffset`, checked against the file size. */
export interface ZipLocalPlace {
  record: ZipCentralRecord;
  fileSize: number;
  file: string;
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function u64(view: DataView, offset: number): number {
  return Number(view.getBigUint64(offset, true));
}

/**
 * Finds the end-of-central-directory record in `tail` (the file's last bytes, at least
 * `END_SEARCH_BYTES` of them or the whole file) and reads the directory's place from it.
 */
export function findEndRecord(tail: Uint8Array, file: string): ZipEndRecord {
  const view = viewOf(tail);
  const last = tail.length - END_BYTES;
  let end = -1;
  for (let at = last; at >= Math.max(0, last - MAX_COMMENT) && end < 0; at--)
    if (view.getUint32(at, true) === SIGNATURE.end) end = at;
  if (end < 0)
    throw formatError(SCOPE, file, 'not a ZIP archive: no end-of-central-directory record');
  const place: ZipEndRecord = {
    count: view.getUint16(end + 10, true),
    size: view.getUint32(end + 12, true),
    offset: view.getUint32(end + 16, true),
  };
  const needs64 =
    place.count === 0xffff || place.size === 0xffffffff || place.offset === 0xffffffff;
  if (
    needs64 &&
    end >= LOCATOR_BYTES &&
    view.getUint32(end - LOCATOR_BYTES, true) === SIGNATURE.zip64Locator
  )
    place.zip64At = u64(view, end - 12);
  return place;
}

/** The directory's place from the zip64 end record (`record`: the bytes from its signature on). */
export function parseZip64End(record: Uint8Array, file: string): ZipDirectoryPlace {
  const view = viewOf(record);
  if (record.length < ZIP64_END_BYTES || view.getUint32(0, true) !== SIGNATURE.zip64End)
    throw formatError(SCOPE, file, 'zip64 end record is missing or points outside the file');
  return { count: u64(view, 32), size: u64(view, 40), offset: u64(view, 48) };
}

function checkMemberName(name: string, file: string): void {
  if (/(^|\/)\.\.(\/|$)|^\/|\\|\0|^[A-Za-z]:/.test(name))
    throw formatError(
      SCOPE,
      file,
      `member name "${name}" escapes the archive (zip-slip); refused`,
      'UNSAFE_INPUT',
    );
}

/**
 * Parses the central record at `place.at` of `dir`; returns it and the next record's index. A name
 * that escapes the archive (absolute, `..`, `\`, NUL, drive letter: zip-slip) is `UNSAFE_INPUT`.
 */
export function parseCentralRecord(
  dir: Uint8Array,
  place: ZipRecordPlace,
): { record: ZipCentralRecord; next: number } {
  const { at, base, file } = place;
  const view = viewOf(dir);
  if (at + 46 > dir.length || view.getUint32(at, true) !== SIGNATURE.central)
    throw formatError(SCOPE, file, `central directory record at byte ${base + at} is corrupt`);
  const nameEnd = at + 46 + view.getUint16(at + 28, true);
  const extraEnd = nameEnd + view.getUint16(at + 30, true);
  const next = extraEnd + view.getUint16(at + 32, true);
  if (next > dir.length)
    throw formatError(SCOPE, file, `central directory record at byte ${base + at} is truncated`);
  const record: ZipCentralRecord = {
    name: new TextDecoder().decode(dir.subarray(at + 46, nameEnd)),
    flags: view.getUint16(at + 8, true),
    method: view.getUint16(at + 10, true),
    crc: view.getUint32(at + 16, true),
    compressedSize: view.getUint32(at + 20, true),
    size: view.getUint32(at + 24, true),
    localOffset: view.getUint32(at + 42, true),
  };
  // zip64 extra (id 1): 64-bit values for exactly the fields that hold 0xffffffff, in this order
  for (let extra = nameEnd; extra + 4 <= extraEnd; extra += 4 + view.getUint16(extra + 2, true)) {
    if (view.getUint16(extra, true) !== 1) continue;
    const fieldsEnd = Math.min(extraEnd, extra + 4 + view.getUint16(extra + 2, true));
    let field = extra + 4;
    for (const key of ['size', 'compressedSize', 'localOffset'] as const) {
      if (record[key] !== 0xffffffff || field + 8 > fieldsEnd) continue;
      record[key] = u64(view, field);
      field += 8;
    }
  }
  checkMemberName(record.name, file);
  return { record, next };
}

/**
 * Checks a member's local header (`header`: the bytes from its local offset on, at least
 * `LOCAL_HEADER_BYTES` of them when the header is in the file) and returns where its data
 * starts; the data must end inside the file. The local extra length differs from the central
 * one (numpy writes zip64 extras only locally), so it is read here.
 */
export function memberDataStart(header: Uint8Array, place: ZipLocalPlace): number {
  const { record, fileSize, file } = place;
  const view = viewOf(header);
  if (header.length < LOCAL_HEADER_BYTES || view.getUint32(0, true) !== SIGNATURE.local)
    throw formatError(
      SCOPE,
      file,
      `local header of ${record.name} at byte ${record.localOffset} is corrupt`,
    );
  const start =
    record.localOffset + LOCAL_HEADER_BYTES + view.getUint16(26, true) + view.getUint16(28, true);
  if (start + record.compressedSize > fileSize)
    throw formatError(
      SCOPE,
      file,
      `member ${record.name} runs past the end of the file (truncated archive?)`,
    );
  return start;
}
