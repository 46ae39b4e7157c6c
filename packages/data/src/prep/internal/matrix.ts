import { type Tensor, type TensorData, ValidationError } from '@qstore/core';

/** Every typed array a tensor may hold except `BigInt64Array` (int64 is not numeric data here). */
export type NumericArray = Exclude<TensorData, BigInt64Array>;

/** A rank-2 tensor seen as `rows × cols` over its (possibly shared) typed array. */
export interface MatrixView {
  readonly rows: number;
  readonly cols: number;
  readonly data: NumericArray;
}

/** Where a check runs, for the error's scope and message. */
export interface CheckContext {
  /** The error scope, e.g. `data/pca`. */
  readonly scope: string;
  /** What the value is, e.g. `"x"`. */
  readonly what: string;
}

/** The numeric data of a tensor; int64 is rejected with `DTYPE_MISMATCH`. */
export function numericData(t: Tensor, context: CheckContext): NumericArray {
  if (t.dtype === 'int64') {
    throw new ValidationError(
      'DTYPE_MISMATCH',
      `${context.what}: expected a numeric dtype other than int64 (cast it with castTensor first)`,
      { scope: context.scope },
    );
  }
  return t.data as NumericArray;
}

/** A rank-2 tensor as a matrix view (no copy); other ranks give `SHAPE_MISMATCH`. */
export function asMatrix(t: Tensor, context: CheckContext): MatrixView {
  if (t.shape.length !== 2) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${context.what}: expected a rank-2 tensor [samples, features], got shape [${t.shape.join(', ')}]`,
      { scope: context.scope, details: { shape: t.shape } },
    );
  }
  return { rows: t.shape[0]!, cols: t.shape[1]!, data: numericData(t, context) };
}

/** Throws `NON_FINITE` naming the first NaN or ±Infinity in `data`. */
export function requireFinite(data: NumericArray, context: CheckContext): void {
  if (data instanceof Float64Array || data instanceof Float32Array) {
    for (let i = 0; i < data.length; i++) {
      const value = data[i]!;
      if (!Number.isFinite(value)) {
        throw new ValidationError(
          'NON_FINITE',
          `${context.what}: expected finite numbers, found ${value} at flat index ${i}`,
          { scope: context.scope, details: { index: i } },
        );
      }
    }
  }
}

/** Throws `INVALID_ARGUMENT` unless `value` is an integer in `[min, max]`. */
export function requireInteger(
  value: number,
  range: { min: number; max?: number },
  context: CheckContext,
): void {
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  if (!Number.isSafeInteger(value) || value < range.min || value > max) {
    const upper = range.max === undefined ? '' : ` and at most ${range.max}`;
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${context.what}: expected an integer of at least ${range.min}${upper}, got ${value}`,
      { scope: context.scope },
    );
  }
}

/** A float64 tensor of this shape over `data`. */
export function float64Tensor(data: Float64Array, shape: readonly number[]): Tensor<'float64'> {
  return { dtype: 'float64', shape: [...shape], data };
}
