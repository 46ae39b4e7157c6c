import { type DType, sizeOf, type Tensor } from '@qstore/core';
import { BYTES_PER_ELEMENT, readElements } from '../internal/endian.js';
import { formatError } from '../internal/fail.js';
import { gunzipBytes, isGzip } from './gzip.js';

const SCOPE = 'data/idx';

const IDX_TYPES: Record<number, DType> = {
  8: 'uint8',
  9: 'int8',
  11: 'int16',
  12: 'int32',
  13: 'float32',
  14: 'float64',
};

/** The header of an IDX file: element type, shape and where the data starts. */
export interface IdxHeader {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly dataOffset: number;
}

/** Reads and checks the header of an IDX file (magic `00 00 <type> <ndim>`, big-endian dims). */
export function parseIdxHeader(bytes: Uint8Array, file: string): IdxHeader {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw formatError(SCOPE, file, 'not an IDX file: expected the magic bytes 00 00 <type> <ndim>');
  }
  const dtype = IDX_TYPES[bytes[2]!];
  if (dtype === undefined) {
    throw formatError(
      SCOPE,
      file,
      `unknown IDX element type 0x${bytes[2]!.toString(16)}; expected 08, 09, 0B, 0C, 0D or 0E`,
      'UNSUPPORTED_FORMAT',
    );
  }
  const ndim = bytes[3]!;
  const dataOffset = 4 + 4 * ndim;
  if (ndim === 0 || bytes.length < dataOffset) {
    throw formatError(
      SCOPE,
      file,
      `IDX header declares ${ndim} dimensions but the file is ${bytes.length} bytes`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  for (let axis = 0; axis < ndim; axis++) shape.push(view.getUint32(4 + 4 * axis, false));
  return { dtype, shape, dataOffset };
}

/**
 * Parses an IDX file (gzipped or not) into a tensor. uint8 data is a zero-copy view; wider types
 * are byte-swapped from big-endian. Throws `CORRUPT_DATA` when the header's shape does not match
 * the file's size.
 */
export function parseIdx(bytes: Uint8Array, file: string): Tensor {
  const raw = isGzip(bytes) ? gunzipBytes(bytes, { file, scope: SCOPE }) : bytes;
  const { dtype, shape, dataOffset } = parseIdxHeader(raw, file);
  const count = sizeOf(shape);
  const needed = count * BYTES_PER_ELEMENT[dtype];
  if (raw.length - dataOffset !== needed) {
    throw formatError(
      SCOPE,
      file,
      `header says shape [${shape.join(', ')}] (${needed} data bytes) but the file holds ${raw.length - dataOffset}`,
    );
  }
  if (dtype === 'uint8') {
    return { dtype, shape, data: raw.subarray(dataOffset, dataOffset + count) };
  }
  const data = readElements(raw, { offset: dataOffset, count, dtype, littleEndian: false });
  return { dtype, shape, data } as Tensor;
}
