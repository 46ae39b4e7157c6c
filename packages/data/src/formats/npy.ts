import { type DType, sizeOf, type Tensor, type TensorData } from '@qstore/core';
import { BYTES_PER_ELEMENT, readElements } from '../internal/endian.js';
import { formatError } from '../internal/fail.js';
import { type NpyHeader, parseNpyHeader } from './npyHeader.js';
import { type PickledArray, unpickleObjectArray } from './pickle.js';

const SCOPE = 'data/npy';

const KINDS: Record<string, DType> = {
  b1: 'uint8',
  i1: 'int8',
  u1: 'uint8',
  i2: 'int16',
  u2: 'uint16',
  i4: 'int32',
  u4: 'uint32',
  i8: 'int64',
  u8: 'int64',
  f4: 'float32',
  f8: 'float64',
};

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function readHalf(bytes: Uint8Array, offset: number, count: number, little: boolean): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const a = bytes[offset + 2 * i]!;
    const b = bytes[offset + 2 * i + 1]!;
    out[i] = halfToFloat(little ? a | (b << 8) : (a << 8) | b);
  }
  return out;
}

/** Reorders column-major data into row-major order. */
function fortranToC(data: TensorData, shape: readonly number[]): TensorData {
  if (shape.length < 2) return data;
  const out = new (data.constructor as new (n: number) => TensorData)(data.length);
  const rank = shape.length;
  const fStrides: number[] = [];
  let stride = 1;
  for (let axis = 0; axis < rank; axis++) {
    fStrides.push(stride);
    stride *= shape[axis]!;
  }
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < data.length; i++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += index[axis]! * fStrides[axis]!;
    (out as Float64Array)[i] = (data as Float64Array)[source]!;
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis]!++;
      if (index[axis]! < shape[axis]!) break;
      index[axis] = 0;
    }
  }
  return out;
}

/** Splits a numpy `descr` into byte order and kind, e.g. `<f4` → little-endian `f4`. */
function splitDescr(descr: string): { little: boolean; kind: string } {
  const order = descr[0] ?? '';
  const hasOrder = '<>|='.includes(order);
  const kind = hasOrder ? descr.slice(1) : descr;
  const nativeLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  return { little: order === '>' ? false : order === '=' || !hasOrder ? nativeLittle : true, kind };
}

/** Decodes the data of an npy file whose header was already read. */
export function decodeNpyData(bytes: Uint8Array, header: NpyHeader, file: string): Tensor {
  const { little, kind } = splitDescr(header.descr);
  const count = sizeOf(header.shape);
  const itemSize = kind === 'f2' ? 2 : BYTES_PER_ELEMENT[KINDS[kind] ?? 'uint8'];
  if (kind !== 'f2' && KINDS[kind] === undefined) {
    const hint = kind === 'O' ? ' (an object array: a pickle, which is never read here)' : '';
    throw formatError(
      SCOPE,
      file,
      `dtype '${header.descr}'${hint} is not supported; expected bool, int, uint or float`,
      'UNSUPPORTED_FORMAT',
    );
  }
  const available = bytes.length - header.dataOffset;
  if (available !== count * itemSize) {
    throw formatError(
      SCOPE,
      file,
      `header says shape [${header.shape.join(', ')}] of '${header.descr}' (${count * itemSize} bytes) but ${available} data bytes follow`,
    );
  }
  let data: TensorData;
  let dtype: DType;
  if (kind === 'f2') {
    data = readHalf(bytes, header.dataOffset, count, little);
    dtype = 'float32';
  } else {
    dtype = KINDS[kind]!;
    data = readElements(bytes, { offset: header.dataOffset, count, dtype, littleEndian: little });
    if (kind === 'u8' && (data as BigInt64Array).some((value) => value < 0n)) {
      throw formatError(
        SCOPE,
        file,
        'uint64 values above 2^63-1 do not fit int64',
        'UNSUPPORTED_FORMAT',
      );
    }
  }
  if (header.fortranOrder) data = fortranToC(data, header.shape);
  return { dtype, shape: [...header.shape], data } as Tensor;
}

/**
 * Parses an `.npy` file (versions 1.0–3.0; bool, int8–int64, uint8–uint64, float16–float64, either
 * byte order, C or Fortran order) into a row-major tensor. float16 becomes float32, bool uint8.
 * Object arrays (pickles) and structured dtypes throw `UNSUPPORTED_FORMAT`.
 */
export function parseNpy(bytes: Uint8Array, file: string): Tensor {
  return decodeNpyData(bytes, parseNpyHeader(bytes, file), file);
}

/**
 * The items of an object-array `.npy` file (for example IMDB's lists of word indices), read by the
 * restricted unpickler of {@link unpickleObjectArray}: only numpy's own globals are accepted.
 */
export function parseNpyObjects(bytes: Uint8Array, file: string): unknown[] {
  const header = parseNpyHeader(bytes, file);
  if (!header.descr.endsWith('O')) {
    throw formatError(
      SCOPE,
      file,
      `dtype '${header.descr}' is not an object array; use parseNpy`,
      'UNSUPPORTED_FORMAT',
    );
  }
  const items = unpickleObjectArray(bytes.subarray(header.dataOffset), file);
  if (items.length !== sizeOf(header.shape)) {
    throw formatError(
      SCOPE,
      file,
      `header says shape [${header.shape.join(', ')}] but the pickle holds ${items.length} items`,
    );
  }
  return items;
}

/**
 * A numeric numpy array read from a pickle (see `unpickle`) as a row-major tensor, decoded exactly
 * like an `.npy` body (dtype, byte order, Fortran order). Object arrays throw `UNSUPPORTED_FORMAT`.
 */
export function pickledArrayTensor(array: PickledArray, file: string): Tensor {
  if (!(array.data instanceof Uint8Array)) {
    throw formatError(
      SCOPE,
      file,
      `the pickled array of dtype '${array.descr}' holds Python objects, not numbers`,
      'UNSUPPORTED_FORMAT',
    );
  }
  const header = { ...array, version: [1, 0] as const, dataOffset: 0 };
  return decodeNpyData(array.data, header, file);
}

const DESCR: Record<DType, string> = {
  float32: '<f4',
  float64: '<f8',
  int8: '|i1',
  uint8: '|u1',
  int16: '<i2',
  uint16: '<u2',
  int32: '<i4',
  uint32: '<u4',
  int64: '<i8',
};

/** Writes a tensor as a version 1.0 `.npy` file (little-endian, C order, 64-byte aligned data). */
export function encodeNpy(t: Tensor): Uint8Array {
  const shape = t.shape.length === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[t.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  const unpadded = 10 + header.length + 1;
  header += `${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + t.data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), 10 + header.length);
  return out;
}
