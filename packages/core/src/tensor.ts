import { ValidationError } from './errors.js';

/** The element types a tensor can hold, by name. */
export const DTYPES = [
  'float32',
  'float64',
  'int8',
  'uint8',
  'int16',
  'uint16',
  'int32',
  'uint32',
  'int64',
] as const;

/** The name of a tensor element type. */
export type DType = (typeof DTYPES)[number];

/** The typed array that backs each dtype. */
export interface DTypeArrayMap {
  float32: Float32Array;
  float64: Float64Array;
  int8: Int8Array;
  uint8: Uint8Array;
  int16: Int16Array;
  uint16: Uint16Array;
  int32: Int32Array;
  uint32: Uint32Array;
  int64: BigInt64Array;
}

/** The typed array of one dtype. */
export type TypedArrayOf<D extends DType> = DTypeArrayMap[D];

/** Any typed array a tensor may hold. */
export type TensorData = DTypeArrayMap[DType];

/**
 * A dense row-major n-dimensional array: the currency between Q-Store packages. `data` may be a
 * view into a larger buffer (a row of a batch); its length always equals the product of `shape`.
 */
export interface Tensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: TypedArrayOf<D>;
}

const constructors: { [D in DType]: new (length: number) => DTypeArrayMap[D] } = {
  float32: Float32Array,
  float64: Float64Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
};

/** The number of elements of a tensor with this shape (1 for a scalar `[]`). */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/** The dtype name of a typed array, or `undefined` for an array type tensors do not use. */
export function dtypeOf(data: ArrayBufferView): DType | undefined {
  for (const dtype of DTYPES) if (data instanceof constructors[dtype]) return dtype;
  return undefined;
}

function checkShape(shape: readonly number[], scope: string): void {
  for (const [axis, dim] of shape.entries()) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `shape [${shape.join(', ')}] has ${dim} at axis ${axis}; expected non-negative integers`,
        { scope, details: { shape } },
      );
    }
  }
}

/**
 * Wraps a typed array as a tensor without copying. Throws `SHAPE_MISMATCH` when the shape is not
 * made of non-negative integers or does not match the data length.
 */
export function tensor<D extends DType>(
  data: TypedArrayOf<D>,
  shape: readonly number[],
): Tensor<D> {
  const dtype = dtypeOf(data) as D | undefined;
  if (dtype === undefined) {
    throw new ValidationError(
      'DTYPE_MISMATCH',
      `expected a typed array of one of ${DTYPES.join(', ')}`,
    );
  }
  checkShape(shape, 'core');
  const expected = sizeOf(shape);
  if (data.length !== expected) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `shape [${shape.join(', ')}] needs ${expected} elements but the data holds ${data.length}`,
      { details: { shape, length: data.length } },
    );
  }
  return { dtype, shape: [...shape], data };
}

/** A new zero-filled tensor. */
export function zeros<D extends DType>(shape: readonly number[], dtype: D): Tensor<D> {
  checkShape(shape, 'core');
  return { dtype, shape: [...shape], data: new constructors[dtype](sizeOf(shape)) };
}

/** A new typed array of a dtype and length. */
export function allocate<D extends DType>(dtype: D, length: number): TypedArrayOf<D> {
  return new constructors[dtype](length);
}

/**
 * A tensor from a nested array of numbers (`[[1, 2], [3, 4]]`), copied into the given dtype.
 * Throws `SHAPE_MISMATCH` for ragged input.
 */
export function fromNested<D extends Exclude<DType, 'int64'> = 'float64'>(
  nested: unknown,
  dtype: D = 'float64' as D,
): Tensor<D> {
  const shape: number[] = [];
  let level: unknown = nested;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const out = allocate(dtype, sizeOf(shape)) as Exclude<TensorData, BigInt64Array>;
  let offset = 0;
  const walk = (value: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof value !== 'number') {
        throw new ValidationError(
          'INVALID_ARGUMENT',
          `expected a number at ${path}, got ${typeof value}`,
        );
      }
      out[offset++] = value;
      return;
    }
    if (!Array.isArray(value) || value.length !== shape[depth]) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `ragged nested array at ${path}: expected ${shape[depth]} elements like the first row`,
        { details: { shape } },
      );
    }
    for (const [index, item] of value.entries()) walk(item, depth + 1, `${path}[${index}]`);
  };
  walk(nested, 0, 'root');
  return { dtype, shape, data: out as TypedArrayOf<D> };
}

/**
 * Checks a value that claims to be a tensor (e.g. read from outside): known dtype, typed array of
 * that dtype, integer shape, matching length. Returns it typed; throws a `ValidationError` otherwise.
 */
export function validateTensor(value: unknown, what = 'tensor'): Tensor {
  const candidate = value as Partial<Tensor> | null;
  if (candidate === null || typeof candidate !== 'object') {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${what}: expected an object {dtype, shape, data}`,
    );
  }
  const { dtype, shape, data } = candidate;
  if (typeof dtype !== 'string' || !(DTYPES as readonly string[]).includes(dtype)) {
    throw new ValidationError(
      'DTYPE_MISMATCH',
      `${what}: unknown dtype ${String(dtype)}; expected one of ${DTYPES.join(', ')}`,
    );
  }
  if (!Array.isArray(shape)) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${what}: expected shape to be an array of integers`,
    );
  }
  if (!ArrayBuffer.isView(data) || dtypeOf(data) !== dtype) {
    throw new ValidationError(
      'DTYPE_MISMATCH',
      `${what}: dtype is ${dtype} but data is not a ${constructors[dtype as DType].name}`,
    );
  }
  checkShape(shape, 'core');
  if ((data as TensorData).length !== sizeOf(shape)) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${what}: shape [${shape.join(', ')}] needs ${sizeOf(shape)} elements but data holds ${(data as TensorData).length}`,
    );
  }
  return candidate as Tensor;
}
