import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { type DataSplit, NotFoundError, type SplitName, type Tensor } from '@qstore/core';
import { formatError } from './internal/fail.js';

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
}

interface H5Dataset {
  type: string;
  shape: number[] | null;
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

function readTensor(file: H5File, path: string, where: string, allowed: Set<string>): Tensor {
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
  const value = dataset.value;
  const match = TENSORS.find(([ctor]) => value instanceof ctor);
  if (match === undefined) {
    throw formatError(
      SCOPE,
      where,
      `dataset ${path} is not numeric (${Object.prototype.toString.call(value)}); expected int, uint or float data`,
      'UNSUPPORTED_FORMAT',
    );
  }
  return { dtype: match[1], shape: dataset.shape ?? [], data: value } as Tensor;
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
  if (!existsSync(path))
    throw new NotFoundError('NOT_FOUND', `${path}: no such file`, {
      scope: SCOPE,
      details: { file: path },
    });
  if (!hasSignature(path))
    throw formatError(SCOPE, path, 'not an HDF5 file: no \\x89HDF signature');
  let h5wasm: { ready: Promise<unknown>; File: new (path: string, mode: string) => H5File };
  try {
    h5wasm = ((await import('h5wasm/node')) as unknown as { default: typeof h5wasm }).default;
  } catch (error) {
    throw new NotFoundError(
      'NOT_FOUND',
      'reading HDF5 needs the optional peer dependency h5wasm: npm install h5wasm',
      { scope: SCOPE, cause: error },
    );
  }
  await h5wasm.ready;
  const allowed = new Set<string>([...HDF5_BUILTIN_FILTERS, ...(options.extraFilters ?? [])]);
  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    throw formatError(
      SCOPE,
      path,
      `h5wasm could not open the file (${String(error)})`,
      'CORRUPT_DATA',
      error,
    );
  }
  try {
    const keys = new Set(file.keys());
    const defaults: Partial<Record<SplitName, Hdf5SplitPaths>> = {};
    for (const name of ['train', 'val', 'test'] as const) {
      if (keys.has(`x_${name}`))
        defaults[name] = { x: `x_${name}`, ...(keys.has(`y_${name}`) ? { y: `y_${name}` } : {}) };
    }
    if (defaults.train === undefined)
      defaults.train = { x: 'x', ...(keys.has('y') ? { y: 'y' } : {}) };
    const wanted = options.splits ?? defaults;
    const splits: Partial<Record<SplitName, DataSplit>> = {};
    for (const [name, paths] of Object.entries(wanted) as [SplitName, Hdf5SplitPaths][]) {
      const x = readTensor(file, paths.x, path, allowed);
      splits[name] =
        paths.y === undefined ? { x } : { x, y: readTensor(file, paths.y, path, allowed) };
    }
    const classes = classesOf(file);
    return classes === undefined ? { splits } : { splits, classes };
  } finally {
    file.close();
  }
}
