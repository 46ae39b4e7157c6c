import { type DataSplit, isQStoreError, type Tensor } from '@qstore/core';
import {
  type AsyncBuffer,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { formatError } from '../internal/fail.js';
import { decodeImage } from './image.js';
import { guardParquetPages } from './parquetGuard.js';

const SCOPE = 'data/parquet';

/** Options of {@link readParquetSplit}. */
export interface ParquetSplitOptions {
  /** The image column (an HF `Image` struct or raw encoded bytes). @default the `Image` feature, if any */
  imageColumn?: string;
  /** The label column. @default the `ClassLabel` feature, else a column named `label` */
  labelColumn?: string;
  /** Image channels. @default the first image's */
  channels?: number;
  /** First row to read. @default 0 */
  rowStart?: number;
  /** Row to stop before. @default the last row */
  rowEnd?: number;
  /** Bytes read from the end of the file for the footer in the first request. @default 65536 */
  initialFetchSize?: number;
}

/** A split read from Parquet, with class names from a `ClassLabel` feature. */
export interface ParquetSplit {
  readonly split: DataSplit;
  readonly classes?: readonly string[];
  readonly numRows: number;
}

interface Feature {
  _type?: string;
  names?: string[];
}

function hfFeatures(kv: { key: string; value?: string }[] | undefined): Record<string, Feature> {
  const raw = kv?.find((entry) => entry.key === 'huggingface')?.value;
  if (raw === undefined) return {};
  try {
    return (
      (JSON.parse(raw) as { info?: { features?: Record<string, Feature> } }).info?.features ?? {}
    );
  } catch {
    return {};
  }
}

function imageBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  const bytes = (value as { bytes?: unknown } | null)?.bytes;
  return bytes instanceof Uint8Array ? bytes : undefined;
}

function decodeImages(
  rows: Record<string, unknown>[],
  column: string,
  what: string,
  channels: number | undefined,
): Tensor {
  let shape: number[] | undefined;
  let out: Uint8Array | undefined;
  for (const [i, row] of rows.entries()) {
    const bytes = imageBytes(row[column]);
    if (bytes === undefined)
      throw formatError(SCOPE, what, `row ${i} of column ${column} holds no image bytes`);
    const image = decodeImage(bytes, `${what} row ${i}`, channels ?? shape?.[2]);
    if (shape === undefined) {
      shape = [image.height, image.width, image.channels];
      out = new Uint8Array(rows.length * image.data.length);
    }
    if (image.height !== shape[0] || image.width !== shape[1]) {
      throw formatError(
        SCOPE,
        what,
        `row ${i} is a ${image.width}×${image.height} image; the first row is ${shape[1]}×${shape[0]}`,
      );
    }
    out!.set(image.data, i * image.data.length);
  }
  return {
    dtype: 'uint8',
    shape: [rows.length, ...(shape ?? [0, 0, 1])],
    data: out ?? new Uint8Array(0),
  };
}

function numericColumns(rows: Record<string, unknown>[], columns: string[], what: string): Tensor {
  const out = new Float64Array(rows.length * columns.length);
  for (const [r, row] of rows.entries()) {
    for (const [c, name] of columns.entries()) {
      const value = row[name];
      if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
        throw formatError(
          SCOPE,
          what,
          `row ${r}, column ${name} is ${value === null ? 'null' : typeof value}; expected a number`,
          'UNSUPPORTED_FORMAT',
        );
      }
      out[r * columns.length + c] = Number(value);
    }
  }
  return { dtype: 'float64', shape: [rows.length, columns.length], data: out };
}

/**
 * Reads rows `[rowStart, rowEnd)` with hyparquet. hyparquet starts one read per column and row group;
 * when corrupt data makes one of them fail while it awaits another, that rejection has no handler
 * yet and Node would end the process. While the read runs, such rejections from hyparquet are
 * caught here and reported as `CORRUPT_DATA`; any other unhandled rejection is rethrown.
 */
async function readRows(
  file: AsyncBuffer,
  metadata: FileMetaData,
  o: { rowStart: number; rowEnd: number; what: string },
): Promise<Record<string, unknown>[]> {
  const stray: unknown[] = [];
  const listener = (reason: unknown): void => {
    if (String((reason as Error | undefined)?.stack).includes('hyparquet')) stray.push(reason);
    else
      process.nextTick(() => {
        throw reason;
      });
  };
  process.on('unhandledRejection', listener);
  try {
    const rows = (await parquetReadObjects({
      file,
      metadata,
      rowStart: o.rowStart,
      rowEnd: o.rowEnd,
      utf8: false,
      compressors,
    })) as Record<string, unknown>[];
    if (stray.length > 0) throw stray[0];
    return rows;
  } catch (error) {
    if (isQStoreError(error)) throw error;
    throw formatError(
      SCOPE,
      o.what,
      `corrupt Parquet data (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  } finally {
    // late rejections of the reads still in flight arrive within a macrotask
    await new Promise((resolve) => setImmediate(resolve));
    process.off('unhandledRejection', listener);
  }
}

/**
 * Reads rows of a Parquet file (any row-group size and codec, via hyparquet and
 * hyparquet-compressors) into a split. Hugging Face `Image` columns are decoded to uint8 images and
 * `ClassLabel` columns to int64 labels with their names; without an image column every other
 * numeric column becomes a float64 feature. Only the row groups of `[rowStart, rowEnd)` are read.
 */
export async function readParquetSplit(
  file: AsyncBuffer,
  what: string,
  options: ParquetSplitOptions = {},
): Promise<ParquetSplit> {
  let metadata: Awaited<ReturnType<typeof parquetMetadataAsync>>;
  try {
    metadata = await parquetMetadataAsync(file, {
      initialFetchSize: Math.min(file.byteLength, options.initialFetchSize ?? 65_536),
    });
  } catch (error) {
    if (isQStoreError(error)) throw error;
    throw formatError(
      SCOPE,
      what,
      `not a valid Parquet file (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
  const features = hfFeatures(metadata.key_value_metadata);
  let names: Set<string>;
  try {
    names = new Set(parquetSchema(metadata).children.map((child) => child.element.name));
  } catch (error) {
    throw formatError(
      SCOPE,
      what,
      `its schema is corrupt (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
  const imageColumn =
    options.imageColumn ?? Object.keys(features).find((k) => features[k]?._type === 'Image');
  const labelColumn =
    options.labelColumn ??
    Object.keys(features).find((k) => features[k]?._type === 'ClassLabel') ??
    (names.has('label') ? 'label' : undefined);
  for (const column of [imageColumn, labelColumn]) {
    if (column !== undefined && !names.has(column))
      throw formatError(SCOPE, what, `has no column ${column}`, 'CORRUPT_DATA');
  }
  const numRows = Number(metadata.num_rows);
  const rowStart = options.rowStart ?? 0;
  const rowEnd = Math.min(options.rowEnd ?? numRows, numRows);
  const guarded = await guardParquetPages(file, metadata, { rowStart, rowEnd, what });
  const rows = await readRows(guarded, metadata, { rowStart, rowEnd, what });
  const featureColumns =
    imageColumn === undefined ? Object.keys(rows[0] ?? {}).filter((k) => k !== labelColumn) : [];
  const x =
    imageColumn === undefined
      ? numericColumns(rows, featureColumns, what)
      : decodeImages(rows, imageColumn, what, options.channels);
  const classes = labelColumn === undefined ? undefined : features[labelColumn]?.names;
  if (labelColumn === undefined) return { split: { x }, numRows };
  const y = new BigInt64Array(rows.length);
  for (const [i, row] of rows.entries()) {
    const value = row[labelColumn];
    if (typeof value !== 'bigint' && typeof value !== 'number')
      throw formatError(
        SCOPE,
        what,
        `row ${i}, label ${labelColumn} is ${value === null ? 'null' : typeof value}; expected an integer`,
      );
    y[i] = BigInt(value);
  }
  const split: DataSplit = { x, y: { dtype: 'int64', shape: [rows.length], data: y } };
  return classes === undefined ? { split, numRows } : { split, classes, numRows };
}
