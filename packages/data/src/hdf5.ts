import {
  type DataSplit,
  NotFoundError,
  type SampleBatch,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import type { Hdf5ProbeOptions } from './hdf5Guard.js';
import { type Hdf5Session, h5Error, openHdf5 } from './hdf5Session.js';
import { throwIfAborted } from './internal/io.js';

export type { Hdf5ProbeOptions } from './hdf5Guard.js';

const SCOPE = 'data/hdf5';
/** The most elements one h5wasm read fetches unless told otherwise (1–2 MiB of numbers). */
const SLICE_ELEMENTS = 2 ** 18;

/** HDF5 filters h5wasm decodes itself; any other filter (lzf, blosc, lzo, zstd, …) is refused. */
export const HDF5_BUILTIN_FILTERS = [
  'deflate',
  'shuffle',
  'fletcher32',
  'szip',
  'nbit',
  'scaleoffset',
] as const;

/** Dataset paths of one split inside an HDF5 file. */
export interface Hdf5SplitPaths {
  readonly x: string;
  readonly y?: string;
}

/** Options of {@link readHdf5}. */
export interface Hdf5Options {
  /** Dataset paths per split. @default `/x_train`, `/y_train`, `/x_val`, … when present, else `/x`, `/y` */
  splits?: Partial<Record<SplitName, Hdf5SplitPaths>>;
  /** Filters accepted besides the built-in ones (for example after registering h5wasm-plugins). @default [] */
  extraFilters?: readonly string[];
  /**
   * Every h5wasm call (opening the file, reading metadata, each hyperslab of the data) runs in a
   * worker thread under a watchdog, because h5wasm loops forever on some corrupt files: a call
   * that makes no progress within `timeoutMs` throws `CORRUPT_DATA` and the thread is replaced.
   * `false` runs h5wasm on the calling thread, unguarded. @default {}
   */
  probe?: Hdf5ProbeOptions | false;
  /**
   * The most elements one h5wasm read fetches (a read of more rows takes several). Each lands in
   * one staging buffer in h5wasm's WebAssembly heap, which never shrinks. A chunked dataset is
   * read in whole chunks of rows: at least one chunk per read, even when it holds more. @default 2^18
   */
  sliceElements?: number;
}

/** The split paths given, or `/x_train`, `/y_train`, … when present, else `/x`, `/y`. */
function splitPaths(
  keys: readonly string[],
  options: Hdf5Options,
): Partial<Record<SplitName, Hdf5SplitPaths>> {
  if (options.splits !== undefined) return options.splits;
  const present = new Set(keys);
  const defaults: Partial<Record<SplitName, Hdf5SplitPaths>> = {};
  for (const name of ['train', 'val', 'test'] as const) {
    if (present.has(`x_${name}`))
      defaults[name] = { x: `x_${name}`, ...(present.has(`y_${name}`) ? { y: `y_${name}` } : {}) };
  }
  if (defaults.train === undefined)
    defaults.train = { x: 'x', ...(present.has('y') ? { y: 'y' } : {}) };
  return defaults;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `${name} is ${value}; expected a positive integer`,
      {
        scope: SCOPE,
      },
    );
  return value;
}

/** Opens `path` with the options' filters, slice size and guard. */
function open(path: string, options: Hdf5Options): Promise<Hdf5Session> {
  return openHdf5(path, {
    probe: options.probe,
    allowed: [...HDF5_BUILTIN_FILTERS, ...(options.extraFilters ?? [])],
    sliceElements: positiveInteger(options.sliceElements ?? SLICE_ELEMENTS, 'sliceElements'),
  });
}

/**
 * Reads splits from an HDF5 file with h5wasm (an optional peer dependency, loaded on first use).
 * Before reading, every dataset's filters are checked: a filter h5wasm lacks (h5py's LZF, blosc,
 * …) throws `UNSUPPORTED_FORMAT`, because h5wasm would silently return wrong numbers. A missing
 * dataset path throws `NOT_FOUND` listing what the file holds. Class names come from a root
 * attribute `classes` (JSON array or lines) when present. Each dataset is read in hyperslabs of
 * `sliceElements` into its tensor, in the guarded worker thread unless `probe` is `false`.
 */
export async function readHdf5(
  path: string,
  options: Hdf5Options = {},
): Promise<{ splits: Partial<Record<SplitName, DataSplit>>; classes?: readonly string[] }> {
  const file = await open(path, options);
  const read = async (name: string) => {
    const dataset = await file.dataset(name);
    const [tensor] = await file.read([dataset], 0, dataset.shape[0]!);
    return tensor!;
  };
  try {
    const splits: Partial<Record<SplitName, DataSplit>> = {};
    for (const [name, paths] of Object.entries(splitPaths(file.keys, options)) as [
      SplitName,
      Hdf5SplitPaths,
    ][]) {
      const x = await read(paths.x);
      splits[name] = paths.y === undefined ? { x } : { x, y: await read(paths.y) };
    }
    return file.classes === undefined ? { splits } : { splits, classes: file.classes };
  } catch (error) {
    throw h5Error(error, path);
  } finally {
    file.close();
  }
}

/** Options of {@link streamHdf5}. */
export interface StreamHdf5Options extends Hdf5Options {
  /** Rows per batch. */
  batchSize: number;
  /** The split to stream. @default 'train' */
  split?: SplitName;
  signal?: AbortSignal;
}

/**
 * Streams one split of an HDF5 file in batches of at most `batchSize` rows: each batch is read by
 * hyperslab reads of at most `sliceElements` each, so only the chunks (or the contiguous range)
 * under those rows are read and decompressed, and h5wasm's heap holds one hyperslab whatever the
 * batch size. Each batch is a new buffer the caller owns: allocated on the calling thread, filled
 * in the guarded worker thread (moved there and back, not copied), or in place when `probe` is
 * `false`. Same checks as {@link readHdf5}; features and targets must have the same number of rows
 * (`SHAPE_MISMATCH`).
 */
export async function* streamHdf5(
  path: string,
  options: StreamHdf5Options,
): AsyncGenerator<SampleBatch> {
  const batchSize = positiveInteger(options.batchSize, 'batchSize');
  const file = await open(path, options);
  try {
    const split = options.split ?? 'train';
    const paths = splitPaths(file.keys, options)[split];
    if (paths === undefined)
      throw new NotFoundError('NOT_FOUND', `${path}: has no ${split} split`, {
        scope: SCOPE,
        details: { file: path },
      });
    const x = await file.dataset(paths.x);
    const y = paths.y === undefined ? undefined : await file.dataset(paths.y);
    const rows = x.shape[0]!;
    if (y !== undefined && y.shape[0] !== rows)
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `${path}: ${paths.x} has ${rows} rows but ${paths.y} has ${y.shape[0]}; expected the same count`,
        { scope: SCOPE, details: { file: path } },
      );
    for (let start = 0; start < rows; start += batchSize) {
      throwIfAborted(options.signal, SCOPE);
      // in-process h5wasm reads are synchronous: let timers, I/O and V8's GC tasks run between batches
      await new Promise((resolve) => setImmediate(resolve));
      const end = Math.min(rows, start + batchSize);
      const [batch, targets] = await file.read(y === undefined ? [x] : [x, y], start, end);
      yield targets === undefined
        ? { x: batch!, offset: start }
        : { x: batch!, y: targets, offset: start };
    }
  } catch (error) {
    throw h5Error(error, path);
  } finally {
    file.close();
  }
}
