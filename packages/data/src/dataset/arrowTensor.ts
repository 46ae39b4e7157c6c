import { allocate, type DType, sizeOf, type Tensor, ValidationError } from '@qstore/core';
import {
  type Data,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int8,
  Int16,
  Int32,
  Int64,
  makeData,
  Uint8,
  Uint16,
  Uint32,
  type Vector,
} from 'apache-arrow';
import { formatError } from '../internal/fail.js';

const SCOPE = 'data/arrow';

const ARROW_TYPES: Record<DType, () => DataType> = {
  float32: () => new Float32(),
  float64: () => new Float64(),
  int8: () => new Int8(),
  uint8: () => new Uint8(),
  int16: () => new Int16(),
  uint16: () => new Uint16(),
  int32: () => new Int32(),
  uint32: () => new Uint32(),
  int64: () => new Int64(),
};

/** The Arrow type of a tensor column: the primitive, or a FixedSizeList of it per row. */
export function arrowTypeOf(dtype: DType, rowShape: readonly number[]): DataType {
  const item = ARROW_TYPES[dtype]();
  if (rowShape.length === 0) return item;
  return new FixedSizeList(sizeOf(rowShape), new Field('item', item, false));
}

/** Wraps a tensor's rows as Arrow data without copying. */
export function tensorToArrowData(t: Tensor): Data {
  const rows = t.shape[0] ?? 1;
  const rowShape = t.shape.slice(1);
  const type = arrowTypeOf(t.dtype, rowShape);
  const values = makeData({
    type: ARROW_TYPES[t.dtype](),
    length: t.data.length,
    data: t.data,
  } as never);
  if (rowShape.length === 0) return values;
  return makeData({ type: type as FixedSizeList, length: rows, nullCount: 0, child: values });
}

function dtypeOfArrow(type: DataType, what: string): DType {
  for (const [dtype, make] of Object.entries(ARROW_TYPES)) {
    if (String(make()) === String(type)) return dtype as DType;
  }
  throw formatError(
    SCOPE,
    what,
    `column type ${String(type)} is not numeric; expected a number or a fixed-size list of numbers`,
    'UNSUPPORTED_FORMAT',
  );
}

/** Which rows of a column {@link arrowColumnToTensor} takes, and how to name it in errors. */
export interface ArrowColumnOptions {
  /** The first row. @default 0 */
  start?: number;
  /** How many rows. @default to the end */
  rows?: number;
  /** The shape of one row. @default the list size, or `[]` for a primitive column */
  rowShape?: readonly number[];
  /** The file or column, for error messages. */
  what: string;
}

/**
 * The values of `rows` rows from row `start` when they lie in one chunk of the column and its
 * values already are `dtype`'s typed array (a view of the Arrow buffer), else undefined.
 */
function chunkView(
  column: Vector,
  rows: { start: number; count: number; width: number; dtype: DType },
): Tensor['data'] | undefined {
  let skip = rows.start;
  for (const chunk of column.data) {
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    if (skip + rows.count > chunk.length) return undefined;
    const leaf = column.type instanceof FixedSizeList ? chunk.children[0]! : chunk;
    const values = leaf.values as Tensor['data'];
    if (values.constructor !== allocate(rows.dtype, 0).constructor) return undefined;
    const first = leaf.offset + skip * rows.width; // a sliced list already offsets its child
    return values.subarray(first, first + rows.count * rows.width);
  }
  return undefined;
}

/**
 * Rows `[start, start + rows)` of a numeric column (primitive or fixed-size list) as a tensor of
 * shape `[rows, ...rowShape]` (`rowShape` defaults to the list size). Rows that lie in one record
 * batch are a view of the column's buffer (no copy: the tensor shares memory with the table and
 * the IPC bytes it was read from); rows across record batches are copied into one buffer.
 */
export function arrowColumnToTensor(column: Vector, options: ArrowColumnOptions): Tensor {
  const start = options.start ?? 0;
  const rows = options.rows ?? column.length - start;
  const isList = column.type instanceof FixedSizeList;
  const itemType = isList ? (column.type as FixedSizeList).children[0]!.type : column.type;
  const dtype = dtypeOfArrow(itemType, options.what);
  const width = isList ? (column.type as FixedSizeList).listSize : 1;
  const rowShape = options.rowShape ?? (isList ? [width] : []);
  if (sizeOf(rowShape) !== width) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${options.what}: row shape [${rowShape.join(', ')}] does not match ${width} values per row`,
      { scope: SCOPE },
    );
  }
  if (column.nullCount > 0)
    throw formatError(
      SCOPE,
      options.what,
      `column holds ${column.nullCount} nulls; expected dense numbers`,
    );
  const view = chunkView(column, { start, count: rows, width, dtype });
  if (view !== undefined) return { dtype, shape: [rows, ...rowShape], data: view } as Tensor;
  const out = allocate(dtype, rows * width);
  let row = 0;
  let skip = start;
  for (const chunk of column.data) {
    if (row >= rows) break;
    if (skip >= chunk.length) {
      skip -= chunk.length;
      continue;
    }
    const take = Math.min(chunk.length - skip, rows - row);
    const leaf = isList ? chunk.children[0]! : chunk;
    const first = skip * width; // a sliced list already offsets its child
    const values = (leaf.values as typeof out).subarray(
      leaf.offset + first,
      leaf.offset + first + take * width,
    );
    (out as Float64Array).set(values as unknown as Float64Array, row * width);
    row += take;
    skip = 0;
  }
  if (row !== rows)
    throw formatError(SCOPE, options.what, `expected ${rows} rows from row ${start}, found ${row}`);
  return { dtype, shape: [rows, ...rowShape], data: out } as Tensor;
}
