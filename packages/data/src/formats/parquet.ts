import { type DataSplit, isQStoreError } from '@qstore/core';
import {
  type AsyncBuffer,
  type FileMetaData,
  parquetMetadataAsync,
  parquetReadObjects,
  parquetSchema,
} from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { formatError } from '../internal/fail.js';
import { guardParquetPages } from './parquetGuard.js';
import { ParquetSplitFiller } from './parquetSplitFiller.js';

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
  const filler = new ParquetSplitFiller({
    rows: Math.max(0, rowEnd - rowStart),
    imageColumn,
    labelColumn,
    channels: options.channels,
    what,
  });
  // one row group at a time: only its column chunks, row objects and encoded images are alive at
  // once
  let groupStart = 0;
  for (const group of metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    const from = Math.max(groupStart, rowStart);
    const to = Math.min(groupEnd, rowEnd);
    if (from < to) {
      const range = { rowStart: from, rowEnd: to, what };
      const guarded = await guardParquetPages(file, metadata, range);
      filler.add(await readRows(guarded, metadata, range));
    }
    groupStart = groupEnd;
  }
  const split = filler.finish();
  const classes = labelColumn === undefined ? undefined : features[labelColumn]?.names;
  return classes === undefined ? { split, numRows } : { split, classes, numRows };
}
