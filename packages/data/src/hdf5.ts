import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import {
  type DataSplit,
  isQStoreError,
  NotFoundError,
  type SampleBatch,
  type SplitName,
  type Tensor,
  ValidationError,
} from '@qstore/core';
import { type Hdf5ProbeOptions, probeHdf5 } from './hdf5Probe.js';
import { type H5Module, type H5RowDataset, hdf5RowReader } from './hdf5Rows.js';
import { formatError } from './internal/fail.js';
import { throwIfAborted } from './internal/io.js';

export type { Hdf5ProbeOptions } from './hdf5Probe.js';

const SCOPE = 'data/hdf5';
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

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
   * The metadata is first read in a worker thread with a time limit, because h5wasm loops forever
   * on some corrupt files (then `CORRUPT_DATA`); `false` skips that. @default {}
   */
  probe?: Hdf5ProbeOptions | false;
}

interface H5Dataset extends H5RowDataset {
  type: string;
  filters: { id: number; name: string }[];
  value: unknown;
}
interface H5File {
  get(path: string): H5Dataset | { type: string } | null;
  keys(): string[];
  attrs: Record<string, { value: unknown }>;
  close(): void;
}

const TENSORS: [new (n: number) => ArrayBufferView, Tensor['dtype']][] = [
  [Float32Array, 'float32'],
  [Float64Array, 'float64'],
  [Int8Array, 'int8'],
  [Uint8Array, 'uint8'],
  [Int16Array, 'int16'],
  [Uint16Array, 'uint16'],
  [Int32Array, 'int32'],
  [Uint32Array, 'uint32'],
  [BigInt64Array, 'int64'],
];

function hasSignature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(8);
    // the superblock may follow a user block of 512, 1024, 2048, … bytes
    for (let offset = 0; offset <= 1 << 20; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, head, 0, 8, offset) < 8) return false;
      if (SIGNATURE.every((b, i) => head[i] === b)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

function checkedDataset(
  file: H5File,
  path: string,
  where: string,
  allowed: Set<string>,
): H5Dataset {
  const node = file.get(path);
  if (node === null || node.type !== 'Dataset') {
    throw new NotFoundError(
      'NOT_FOUND',
      `${where}: no dataset at ${path}; the file holds ${file.keys().join(', ')}`,
      { scope: SCOPE, details: { file: where, path } },
    );
  }
  const dataset = node as H5Dataset;
  const refused = dataset.filters.filter((f) => !allowed.has(f.name));
  if (refused.length > 0) {
    throw formatError(
      SCOPE,
      where,
      `dataset ${path} uses the ${refused.map((f) => f.name || `#${f.id}`).join(', ')} filter, which h5wasm cannot decode (it would return wrong numbers); refused`,
      'UNSUPPORTED_FORMAT',
    );
  }
  return dataset;
}

function toTensor(value: unknown, shape: number[], where: string, path: string): Tensor {
  const match = TENSORS.find(([ctor]) => value instanceof ctor);
  if (match === undefined) {
    throw formatError(
      SCOPE,
      where,
      `dataset ${path} is not numeric (${Object.prototype.toString.call(value)}); expected int, uint or float data`,
      'UNSUPPORTED_FORMAT',
    );
  }
  return { dtype: match[1], shape, data: value } as Tensor;
}

function classesOf(file: H5File): string[] | undefined {
  const raw = file.attrs['classes']?.value;
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string') {
    try {
      const parsed = JSON.parse(raw) as unknown;
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      return raw.split('\n').filter((line) => line !== '');
    }
  }
  return undefined;
}

/** A failure inside h5wasm (a corrupt file: plain `Error`s, WebAssembly traps) as `CORRUPT_DATA`. */
function h5Error(error: unknown, path: string, action: 'open' | 'read' = 'read'): Error {
  if (isQStoreError(error)) return error;
  return formatError(
    SCOPE,
    path,
    `h5wasm could not ${action} the file (${String(error)})`,
    'CORRUPT_DATA',
    error,
  );
}

/** Closes a file after reading; a corrupt file's close may fail too, after the read's own error. */
function closeQuietly(file: H5File): void {
  try {
    file.close();
  } catch {
    // the read already returned or threw what it found
  }
}

/** h5wasm's WebAssembly module, once loaded (for direct reads into batches). */
let wasm: H5Module | undefined;

/** Opens an HDF5 file with h5wasm after checking it exists and carries the HDF5 signature. */
async function openHdf5(path: string, probe: Hdf5ProbeOptions | false = {}): Promise<H5File> {
  if (!existsSync(path))
    throw new NotFoundError('NOT_FOUND', `${path}: no such file`, {
      scope: SCOPE,
      details: { file: path },
    });
  if (!hasSignature(path))
    throw formatError(SCOPE, path, 'not an HDF5 file: no \\x89HDF signature');
  let h5wasm: { ready: Promise<H5Module>; File: new (path: string, mode: string) => H5File };
  try {
    h5wasm = ((await import('h5wasm/node')) as unknown as { default: typeof h5wasm }).default;
  } catch (error) {
    throw new NotFoundError(
      'NOT_FOUND',
      'reading HDF5 needs the optional peer dependency h5wasm: npm install h5wasm',
      { scope: SCOPE, cause: error },
    );
  }
  wasm = await h5wasm.ready;
  if (probe !== false) await probeHdf5(path, probe);
  try {
    return new h5wasm.File(path, 'r');
  } catch (error) {
    throw h5Error(error, path, 'open');
  }
}

/** The split paths given, or `/x_train`, `/y_train`, … when present, else `/x`, `/y`. */
function splitPaths(
  file: H5File,
  options: Hdf5Options,
): Partial<Record<SplitName, Hdf5SplitPaths>> {
  if (options.splits !== undefined) return options.splits;
  const keys = new Set(file.keys());
  const defaults: Partial<Record<SplitName, Hdf5SplitPaths>> = {};
  for (const name of ['train', 'val', 'test'] as const) {
    if (keys.has(`x_${name}`))
      defaults[name] = { x: `x_${name}`, ...(keys.has(`y_${name}`) ? { y: `y_${name}` } : {}) };
  }
  if (defaults.train === undefined)
    defaults.train = { x: 'x', ...(keys.has('y') ? { y: 'y' } : {}) };
  return defaults;
}

function allowedFilters(options: Hdf5Options): Set<string> {
  return new Set<string>([...HDF5_BUILTIN_FILTERS, ...(options.extraFilters ?? [])]);
}

/**
 * Reads splits from an HDF5 file with h5wasm (an optional peer dependency, loaded on first use).
 * Before reading, every dataset's filters are checked: a filter h5wasm lacks (h5py's LZF, blosc,
 * …) throws `UNSUPPORTED_FORMAT`, because h5wasm would silently return wrong numbers. A missing
 * dataset path throws `NOT_FOUND` listing what the file holds. Class names come from a root
 * attribute `classes` (JSON array or lines) when present.
 */
export async function readHdf5(
  path: string,
  options: Hdf5Options = {},
): Promise<{ splits: Partial<Record<SplitName, DataSplit>>; classes?: readonly string[] }> {
  const file = await openHdf5(path, options.probe);
  const allowed = allowedFilters(options);
  const read = (name: string) => {
    const dataset = checkedDataset(file, name, path, allowed);
    return toTensor(dataset.value, dataset.shape ?? [], path, name);
  };
  try {
    const splits: Partial<Record<SplitName, DataSplit>> = {};
    for (const [name, paths] of Object.entries(splitPaths(file, options)) as [
      SplitName,
      Hdf5SplitPaths,
    ][]) {
      const x = read(paths.x);
      splits[name] = paths.y === undefined ? { x } : { x, y: read(paths.y) };
    }
    const classes = classesOf(file);
    return classes === undefined ? { splits } : { splits, classes };
  } catch (error) {
    throw h5Error(error, path);
  } finally {
    closeQuietly(file);
  }
}

/** Options of {@link streamHdf5}. */
export interface StreamHdf5Options extends Hdf5Options {
  /** Rows per batch. */
  batchSize: number;
  /** The split to stream. @default 'train' */
  split?: SplitName;
  /**
   * The most elements one h5wasm read fetches (a batch takes several reads when larger). Each read
   * lands in a staging buffer of this size in h5wasm's WebAssembly heap, which never shrinks.
   * @default 2^18
   */
  sliceElements?: number;
  signal?: AbortSignal;
}

/**
 * Streams one split of an HDF5 file in batches of at most `batchSize` rows: each batch is read by
 * hyperslab reads of at most `sliceElements` each, so only the chunks (or the contiguous range)
 * under those rows are read and decompressed; each read is copied from h5wasm's heap straight into
 * the batch through one staging buffer per dataset (see `hdf5RowReader`), so h5wasm's heap stays
 * small and no per-read copies pile up. Same checks as {@link readHdf5}; features and targets must
 * have the same number of rows (`SHAPE_MISMATCH`).
 */
export async function* streamHdf5(
  path: string,
  options: StreamHdf5Options,
): AsyncGenerator<SampleBatch> {
  const file = await openHdf5(path, options.probe);
  try {
    const split = options.split ?? 'train';
    const paths = splitPaths(file, options)[split];
    if (paths === undefined)
      throw new NotFoundError('NOT_FOUND', `${path}: has no ${split} split`, {
        scope: SCOPE,
        details: { file: path },
      });
    const allowed = allowedFilters(options);
    const sliceElements = options.sliceElements ?? 2 ** 18;
    const x = checkedDataset(file, paths.x, path, allowed);
    const y = paths.y === undefined ? undefined : checkedDataset(file, paths.y, path, allowed);
    const rows = x.shape?.[0] ?? 0;
    if (x.shape === null || x.shape.length === 0)
      throw formatError(SCOPE, path, `dataset ${paths.x} is a scalar; it has no rows to stream`);
    if (y !== undefined && y.shape?.[0] !== rows)
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `${path}: ${paths.x} has ${rows} rows but ${paths.y} has ${y.shape?.[0]}; expected the same count`,
        { scope: SCOPE, details: { file: path } },
      );
    const reader = (dataset: H5Dataset, name: string) =>
      hdf5RowReader(dataset, wasm, {
        sliceElements,
        maxRows: options.batchSize,
        check: (value, shape) => toTensor(value, shape, path, name),
      });
    const xs = reader(x, paths.x);
    const ys = y === undefined ? undefined : reader(y, paths.y!);
    try {
      for (let start = 0; start < rows; start += options.batchSize) {
        throwIfAborted(options.signal, SCOPE);
        // h5wasm reads are synchronous: let timers, I/O and V8's GC tasks run between batches
        await new Promise((resolve) => setImmediate(resolve));
        const end = Math.min(rows, start + options.batchSize);
        const batch = xs.read(start, end);
        yield ys === undefined
          ? { x: batch, offset: start }
          : { x: batch, y: ys.read(start, end), offset: start };
      }
    } finally {
      xs.close();
      ys?.close();
    }
  } catch (error) {
    throw h5Error(error, path);
  } finally {
    closeQuietly(file);
  }
}
