import { ValidationError } from './errors.js';
import { allocate, type DType, sizeOf, type Tensor, type TypedArrayOf } from './tensor.js';

/** The number of rows (the length of axis 0) of a tensor of rank ≥ 1. */
export function numRows(t: Tensor): number {
  if (t.shape.length === 0)
    throw new ValidationError('SHAPE_MISMATCH', 'a scalar tensor has no rows');
  return t.shape[0]!;
}

/** The number of elements in one row (the product of every axis after the first). */
export function rowSize(t: Tensor): number {
  return sizeOf(t.shape.slice(1));
}

/** A tensor with the same data viewed under another shape; one axis may be `-1` (inferred). */
export function reshape<D extends DType>(t: Tensor<D>, shape: readonly number[]): Tensor<D> {
  const inferred = shape.indexOf(-1);
  const known = sizeOf(shape.filter((dim) => dim !== -1));
  const resolved = [...shape];
  if (inferred !== -1) {
    if (shape.lastIndexOf(-1) !== inferred || known === 0 || t.data.length % known !== 0) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `cannot reshape [${t.shape.join(', ')}] to [${shape.join(', ')}]: at most one -1 that divides evenly`,
      );
    }
    resolved[inferred] = t.data.length / known;
  }
  if (sizeOf(resolved) !== t.data.length) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `cannot reshape [${t.shape.join(', ')}] (${t.data.length} elements) to [${shape.join(', ')}]`,
    );
  }
  return { dtype: t.dtype, shape: resolved, data: t.data };
}

/** Row `index` of a tensor as a view (no copy) with the row's shape. */
export function rowAt<D extends DType>(t: Tensor<D>, index: number): Tensor<D> {
  const rows = numRows(t);
  if (!Number.isInteger(index) || index < 0 || index >= rows) {
    throw new ValidationError('INVALID_ARGUMENT', `row ${index} is out of range [0, ${rows})`);
  }
  const size = rowSize(t);
  const data = t.data.subarray(index * size, (index + 1) * size) as TypedArrayOf<D>;
  return { dtype: t.dtype, shape: t.shape.slice(1), data };
}

/** Rows `start` (inclusive) to `end` (exclusive) as a view (no copy). */
export function sliceRows<D extends DType>(t: Tensor<D>, start: number, end: number): Tensor<D> {
  const rows = numRows(t);
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end > rows ||
    start > end
  ) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `row range [${start}, ${end}) is not within [0, ${rows}]`,
    );
  }
  const size = rowSize(t);
  const data = t.data.subarray(start * size, end * size) as TypedArrayOf<D>;
  return { dtype: t.dtype, shape: [end - start, ...t.shape.slice(1)], data };
}

/** A new tensor holding the rows at `indices`, in that order (a gather; copies). */
export function takeRows<D extends DType>(t: Tensor<D>, indices: ArrayLike<number>): Tensor<D> {
  const rows = numRows(t);
  const size = rowSize(t);
  const out = allocate(t.dtype, indices.length * size);
  for (let i = 0; i < indices.length; i++) {
    const row = indices[i]!;
    if (!Number.isInteger(row) || row < 0 || row >= rows) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `row index ${row} at position ${i} is out of range [0, ${rows})`,
      );
    }
    (out as Float64Array).set(
      (t.data as Float64Array).subarray(row * size, (row + 1) * size),
      i * size,
    );
  }
  return { dtype: t.dtype, shape: [indices.length, ...t.shape.slice(1)], data: out };
}

/** A copy of a tensor converted to another numeric dtype (`int64` converts through `Number`). */
export function castTensor<D extends DType>(t: Tensor, dtype: D): Tensor<D> {
  const out = allocate(dtype, t.data.length);
  const source = t.data;
  if (dtype === 'int64') {
    const target = out as BigInt64Array;
    for (let i = 0; i < source.length; i++) target[i] = BigInt(Math.trunc(Number(source[i])));
  } else {
    const target = out as Float64Array;
    for (let i = 0; i < source.length; i++) target[i] = Number(source[i]);
  }
  return { dtype, shape: [...t.shape], data: out };
}
