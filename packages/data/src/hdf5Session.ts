import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import {
  allocate,
  type DType,
  isQStoreError,
  NotFoundError,
  sizeOf,
  type Tensor,
} from '@qstore/core';
import type { Hdf5Access, Hdf5FileInfo, Hdf5FileRef } from './hdf5Files.js';
import { inProcessHdf5 } from './hdf5Files.js';
import { guardedHdf5, type Hdf5ProbeOptions } from './hdf5Guard.js';
import { allocateView } from './hdf5Rows.js';
import { formatError } from './internal/fail.js';

const SCOPE = 'data/hdf5';
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** A dataset that passed the checks: numeric, with rows, and no refused filter. */
export interface Hdf5Dataset {
  readonly name: string;
  readonly dtype: DType;
  readonly shape: readonly number[];
}

/** One open HDF5 file, read through h5wasm in a guarded worker thread or on the calling thread. */
export interface Hdf5Session extends Hdf5FileInfo {
  /** The dataset at `name`, checked (`NOT_FOUND`, `UNSUPPORTED_FORMAT`). */
  dataset(name: string): Promise<Hdf5Dataset>;
  /** Rows `[start, end)` of each dataset (in one call), as new tensors owned by the caller. */
  read(datasets: readonly Hdf5Dataset[], start: number, end: number): Promise<Tensor[]>;
  close(): void;
}

/** Options of {@link openHdf5}. */
export interface OpenHdf5Options {
  readonly probe: Hdf5ProbeOptions | false | undefined;
  /** Filter names accepted; datasets with any other filter are refused. */
  readonly allowed: readonly string[];
  /** The most elements one h5wasm read fetches. */
  readonly sliceElements: number;
}

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

/** A failure inside h5wasm (a corrupt file: plain `Error`s, WebAssembly traps) as `CORRUPT_DATA`. */
export function h5Error(error: unknown, path: string, action: 'open' | 'read' = 'read'): Error {
  if (isQStoreError(error)) return error;
  return formatError(
    SCOPE,
    path,
    `h5wasm could not ${action} the file (${String(error)})`,
    'CORRUPT_DATA',
    error,
  );
}

let handles = 0;

/**
 * Opens an HDF5 file after checking it exists and carries the HDF5 signature. Every h5wasm call
 * goes to the guarded worker thread (see `guardedHdf5`) unless `probe` is `false` or the worker
 * script is missing; then h5wasm runs on the calling thread.
 */
export async function openHdf5(path: string, options: OpenHdf5Options): Promise<Hdf5Session> {
  if (!existsSync(path))
    throw new NotFoundError('NOT_FOUND', `${path}: no such file`, {
      scope: SCOPE,
      details: { file: path },
    });
  if (!hasSignature(path))
    throw formatError(SCOPE, path, 'not an HDF5 file: no \\x89HDF signature');
  const access: Hdf5Access =
    (options.probe === false ? undefined : guardedHdf5(options.probe)) ?? inProcessHdf5();
  const ref: Hdf5FileRef = { handle: handles++, path };
  let info: Hdf5FileInfo;
  try {
    info = await access.open(ref);
  } catch (error) {
    access.close(ref);
    throw h5Error(error, path, 'open');
  }
  return {
    ...info,
    dataset: (name) =>
      checkedDataset(access, ref, name, { keys: info.keys, allowed: options.allowed }),
    async read(datasets, start, end) {
      const into = datasets.map(
        (d) => allocate(d.dtype, (end - start) * sizeOf(d.shape.slice(1))).buffer as ArrayBuffer,
      );
      const request = {
        ...ref,
        datasets: datasets.map((d) => ({ name: d.name, dtype: d.dtype })),
        start,
        end,
        sliceElements: options.sliceElements,
      };
      const filled = await access.read(request, into);
      return datasets.map(
        (d, i) =>
          ({
            dtype: d.dtype,
            shape: [end - start, ...d.shape.slice(1)],
            data: allocateView(d.dtype, filled[i]!),
          }) as Tensor,
      );
    },
    close: () => access.close(ref),
  };
}

async function checkedDataset(
  access: Hdf5Access,
  ref: Hdf5FileRef,
  name: string,
  file: { keys: readonly string[]; allowed: readonly string[] },
): Promise<Hdf5Dataset> {
  const info = await access.describe(ref, name, file.allowed);
  const where = ref.path;
  if (info.kind !== 'dataset')
    throw new NotFoundError(
      'NOT_FOUND',
      `${where}: no dataset at ${name}; the file holds ${file.keys.join(', ')}`,
      { scope: SCOPE, details: { file: where, path: name } },
    );
  const refused = info.filters.filter((f) => !file.allowed.includes(f.name));
  if (refused.length > 0)
    throw formatError(
      SCOPE,
      where,
      `dataset ${name} uses the ${refused.map((f) => f.name || `#${f.id}`).join(', ')} filter, which h5wasm cannot decode (it would return wrong numbers); refused`,
      'UNSUPPORTED_FORMAT',
    );
  if (info.shape === null || info.shape.length === 0)
    throw formatError(SCOPE, where, `dataset ${name} is a scalar; it has no rows to read`);
  if (info.dtype === null)
    throw formatError(
      SCOPE,
      where,
      `dataset ${name} is not numeric (${info.typeName}); expected int, uint or float data`,
      'UNSUPPORTED_FORMAT',
    );
  return { name, dtype: info.dtype, shape: info.shape };
}
