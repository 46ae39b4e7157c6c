import {
  castTensor,
  type DataSplit,
  numRows,
  rowSize,
  type Tensor,
  ValidationError,
} from '@qstore/core';
import type { Loss } from '../losses/loss.js';
import { assertFinite } from '../losses/loss.js';
import { invalidArgument, SCOPE } from './errors.js';

/** A split as float64 rows, checked against the model and loss. */
export interface PreparedData {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly rows: number;
  readonly xWidth: number;
  readonly yWidth: number;
}

/**
 * Checks a split at the trainer's boundary (targets present, same sample count, row widths that
 * fit the model and loss, labels in range) and returns its float64 rows.
 */
export function prepareData(
  split: DataSplit,
  shape: { inputSize: number; outputSize: number; loss: Loss; what: string },
): PreparedData {
  const { what, loss } = shape;
  if (split.y === undefined) throw invalidArgument(`${what} has no targets (y)`);
  const rows = numRows(split.x);
  if (numRows(split.y) !== rows) {
    throw invalidArgument(
      `${what}: x has ${rows} samples but y has ${numRows(split.y)}; expected the same count`,
      { x: rows, y: numRows(split.y) },
      'SHAPE_MISMATCH',
    );
  }
  const inputs = prepareInputs(split.x, shape);
  const yWidth = split.y.shape.length <= 1 ? 1 : rowSize(split.y);
  const expectedY = loss.targetWidth(shape.outputSize);
  if (yWidth !== expectedY) {
    throw invalidArgument(
      `${what}: targets have ${yWidth} values per sample, ${loss.name} expects ${expectedY}`,
      { actual: yWidth, expected: expectedY },
      'SHAPE_MISMATCH',
    );
  }
  const y = castTensor(split.y, 'float64').data;
  loss.validateTargets(y, shape.outputSize);
  return { ...inputs, y, yWidth };
}

/** Checks that `x` has the model's row width and returns its float64 rows. */
export function prepareInputs(
  x: Tensor,
  shape: { inputSize: number; what: string },
): { x: Float64Array; rows: number; xWidth: number } {
  const xWidth = x.shape.length <= 1 ? 1 : rowSize(x);
  if (xWidth !== shape.inputSize) {
    throw invalidArgument(
      `${shape.what}: rows have ${xWidth} features, the model expects ${shape.inputSize}`,
      { actual: xWidth, expected: shape.inputSize },
      'SHAPE_MISMATCH',
    );
  }
  return { x: castTensor(x, 'float64').data, rows: numRows(x), xWidth };
}

/** Copies the rows `order[start…end)` of `data` into one contiguous batch. */
export function gatherBatch(
  data: PreparedData,
  order: ArrayLike<number>,
  range: { start: number; end: number },
): { x: Float64Array; y: Float64Array; size: number } {
  const size = range.end - range.start;
  const x = new Float64Array(size * data.xWidth);
  const y = new Float64Array(size * data.yWidth);
  for (let i = 0; i < size; i++) {
    const row = order[range.start + i]!;
    x.set(data.x.subarray(row * data.xWidth, (row + 1) * data.xWidth), i * data.xWidth);
    y.set(data.y.subarray(row * data.yWidth, (row + 1) * data.yWidth), i * data.yWidth);
  }
  return { x, y, size };
}

/** Throws `NON_FINITE` for a NaN or infinite input in a batch, naming the batch. */
export function assertFiniteBatch(x: Float64Array, where: string): void {
  try {
    assertFinite(x, `inputs of ${where}`);
  } catch (error) {
    throw new ValidationError(
      'NON_FINITE',
      (error as Error).message.replace(/^\[qstore\] \[[^\]]*\] /, ''),
      {
        scope: SCOPE,
        details: { where },
      },
    );
  }
}
