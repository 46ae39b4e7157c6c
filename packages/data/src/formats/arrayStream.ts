import { type SampleBatch, sizeOf, type Tensor, ValidationError } from '@qstore/core';
import type { ByteReader } from '../internal/byteReader.js';
import { BYTES_PER_ELEMENT, readElements } from '../internal/endian.js';
import { formatError } from '../internal/fail.js';
import { throwIfAborted } from '../internal/io.js';
import { parseIdxHeader } from './idx.js';
import { decodeNpyData } from './npy.js';
import { parseNpyHeader } from './npyHeader.js';

/** A sequence of row batches of one array file, read without loading the whole file. */
export interface ArrayRowStream {
  /** The shape of the whole array. */
  readonly shape: readonly number[];
  /** The next `rows` rows (fewer at the end; `undefined` when done). */
  next(rows: number): Promise<Tensor | undefined>;
  /** Releases the file early (a stream left before its end, or after an error). */
  close(): Promise<void>;
}

/** `parse(reader)`, closing the reader when it throws (a bad header must not leak the file). */
async function closingOnError<T>(reader: ByteReader, parse: () => Promise<T>): Promise<T> {
  try {
    return await parse();
  } catch (error) {
    await reader.close().catch(() => undefined);
    throw error;
  }
}

function rowStream(
  reader: ByteReader,
  header: { shape: readonly number[]; rowBytes: number },
  decode: (bytes: Uint8Array, rows: number) => Tensor,
): ArrayRowStream {
  let remaining = header.shape[0] ?? 0;
  return {
    shape: header.shape,
    async next(rows) {
      if (remaining === 0) {
        await reader.drain();
        return undefined;
      }
      const take = Math.min(rows, remaining);
      const bytes = await reader.read(take * header.rowBytes);
      if (bytes.length !== take * header.rowBytes) {
        throw formatError(
          'data/stream',
          reader.file,
          `file ends after ${header.shape[0]! - remaining + Math.floor(bytes.length / header.rowBytes)} of the ${header.shape[0]} rows its header announces`,
        );
      }
      remaining -= take;
      return decode(bytes, take);
    },
    close: () => reader.close(),
  };
}

/** Streams rows of an IDX file (plain or gzipped) from its reader. */
export function streamIdxRows(reader: ByteReader): Promise<ArrayRowStream> {
  return closingOnError(reader, () => idxRows(reader));
}

async function idxRows(reader: ByteReader): Promise<ArrayRowStream> {
  const fixed = await reader.read(4);
  const dims = await reader.read(4 * (fixed[3] ?? 0));
  const head = new Uint8Array(fixed.length + dims.length);
  head.set(fixed);
  head.set(dims, fixed.length);
  const { dtype, shape } = parseIdxHeader(head, reader.file);
  const rowShape = shape.slice(1);
  const rowBytes = sizeOf(rowShape) * BYTES_PER_ELEMENT[dtype];
  return rowStream(
    reader,
    { shape, rowBytes },
    (bytes, rows) =>
      ({
        dtype,
        shape: [rows, ...rowShape],
        data:
          dtype === 'uint8'
            ? bytes
            : readElements(bytes, {
                offset: 0,
                count: bytes.length / BYTES_PER_ELEMENT[dtype],
                dtype,
                littleEndian: false,
              }),
      }) as Tensor,
  );
}

/** Streams rows of a C-order `.npy` file from its reader (Fortran order cannot stream by rows). */
export function streamNpyRows(reader: ByteReader): Promise<ArrayRowStream> {
  return closingOnError(reader, () => npyRows(reader));
}

async function npyRows(reader: ByteReader): Promise<ArrayRowStream> {
  const prefix = await reader.read(12);
  const lengthBytes = prefix[6] === 1 ? 2 : 4;
  const headerLength =
    prefix.length < 12
      ? 0
      : lengthBytes === 2
        ? prefix[8]! | (prefix[9]! << 8)
        : new DataView(prefix.buffer).getUint32(8, true);
  const rest = await reader.read(Math.max(0, 8 + lengthBytes + headerLength - 12));
  const head = new Uint8Array(prefix.length + rest.length);
  head.set(prefix);
  head.set(rest, prefix.length);
  const header = parseNpyHeader(
    head.subarray(0, Math.min(head.length, 8 + lengthBytes + headerLength)),
    reader.file,
  );
  if (header.fortranOrder && header.shape.length > 1) {
    throw formatError(
      'data/npy',
      reader.file,
      'Fortran-order arrays cannot be streamed by rows; load the file whole',
      'UNSUPPORTED_FORMAT',
    );
  }
  if (header.shape.length === 0)
    throw formatError(
      'data/npy',
      reader.file,
      'a scalar has no rows to stream',
      'UNSUPPORTED_FORMAT',
    );
  const itemBytes = header.descr.endsWith('f2')
    ? 2
    : header.descr.endsWith('1')
      ? 1
      : Number(header.descr.slice(2)) || 0;
  const rowShape = header.shape.slice(1);
  const rowBytes = sizeOf(rowShape) * itemBytes;
  const leftover = head.subarray(header.dataOffset);
  const decode = (bytes: Uint8Array, rows: number): Tensor =>
    decodeNpyData(bytes, { ...header, shape: [rows, ...rowShape], dataOffset: 0 }, reader.file);
  if (leftover.length > 0)
    throw formatError('data/npy', reader.file, 'header length field is inconsistent');
  return rowStream(reader, { shape: header.shape, rowBytes }, decode);
}

/** Streams `{x, y}` batches from two row streams (features and optional targets) of equal length. */
export async function* streamArrayPair(
  open: (path: string) => Promise<ArrayRowStream>,
  ref: { x: string; y?: string },
  batchSize: number,
  signal?: AbortSignal,
): AsyncGenerator<SampleBatch> {
  const xs = await open(ref.x);
  let ys: ArrayRowStream | undefined;
  try {
    ys = ref.y === undefined ? undefined : await open(ref.y);
    if (ys !== undefined && ys.shape[0] !== xs.shape[0]) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `${ref.x} has ${xs.shape[0]} rows but ${ref.y} has ${ys.shape[0]}; expected the same count`,
        { scope: 'data/stream' },
      );
    }
    let offset = 0;
    for (;;) {
      throwIfAborted(signal, 'data/stream');
      const x = await xs.next(batchSize);
      if (x === undefined) {
        await ys?.next(batchSize);
        return;
      }
      const y = await ys?.next(batchSize);
      yield y === undefined ? { x, offset } : { x, y, offset };
      offset += x.shape[0]!;
    }
  } finally {
    // Also when the caller stops early or a batch fails: no file is left for the GC to close.
    await Promise.all([xs.close(), ys?.close()]);
  }
}
