import { type DType, dtypeOf, NotFoundError, sizeOf } from '@qstore/core';
import { type H5Module, readRowsInto } from './hdf5Rows.js';
import { limitError } from './internal/fail.js';

const SCOPE = 'data/hdf5';

/** An HDF5 file as the calling thread names it: a handle of its own and the file's path. */
export interface Hdf5FileRef {
  readonly handle: number;
  readonly path: string;
}

/** What opening a file tells: its root's members and the root attribute `classes`, if any. */
export interface Hdf5FileInfo {
  readonly keys: string[];
  readonly classes?: string[];
}

/** The metadata of one dataset path (`kind` says whether a dataset is there at all). */
export interface Hdf5DatasetInfo {
  readonly kind: 'dataset' | 'group' | 'missing';
  readonly shape: number[] | null;
  readonly filters: { id: number; name: string }[];
  /** The tensor dtype of its values, `null` when they are not a numeric typed array. */
  readonly dtype: DType | null;
  /** What its values are (`[object Float32Array]`, `[object Array]`, …). */
  readonly typeName: string;
}

/**
 * Rows `[start, end)` of datasets with as many rows (a batch's features and targets), each read in
 * hyperslabs of at most `sliceElements` elements.
 */
export interface Hdf5ReadRequest extends Hdf5FileRef {
  readonly datasets: readonly { readonly name: string; readonly dtype: DType }[];
  readonly start: number;
  readonly end: number;
  readonly sliceElements: number;
}

/**
 * Every h5wasm call that touches a file's content, behind one interface: run on the calling
 * thread ({@link inProcessHdf5}) or in a guarded worker thread (`guardedHdf5`).
 */
export interface Hdf5Access {
  open(file: Hdf5FileRef): Promise<Hdf5FileInfo>;
  /** The dataset's metadata; its values are sampled (one row) only when no filter is refused. */
  describe(
    file: Hdf5FileRef,
    dataset: string,
    allowed: readonly string[],
  ): Promise<Hdf5DatasetInfo>;
  /**
   * Fills `into` (one buffer per dataset, exactly the rows' bytes; transferred to a worker and
   * back, not copied) and returns them.
   */
  read(request: Hdf5ReadRequest, into: ArrayBuffer[]): Promise<ArrayBuffer[]>;
  close(file: Hdf5FileRef): void;
}

interface H5Dataset {
  readonly type: string;
  readonly shape: number[] | null;
  readonly path: string;
  readonly file_id: bigint;
  readonly metadata: { type: number; size: number; vlen: boolean };
  readonly filters: { id: number; name: string }[];
  readonly value: unknown;
  slice(ranges: [number, number][]): unknown;
}
interface H5File {
  get(path: string): H5Dataset | { type: string } | null;
  keys(): string[];
  readonly attrs: Record<string, { value: unknown }>;
  close(): void;
}
interface H5Wasm {
  ready: Promise<H5Module>;
  File: new (path: string, mode: string) => H5File;
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
 * The open files of one thread, by handle, read with h5wasm. A handle it does not know (its
 * worker thread was replaced after a hang) is opened again from its path. One staging buffer in
 * h5wasm's WebAssembly heap serves every read: it grows to the largest hyperslab read so far
 * (bounded by `sliceElements`, whatever the batch size), since that heap never shrinks.
 */
export class Hdf5Files {
  private readonly files = new Map<number, H5File>();
  private staging = { pointer: 0, bytes: 0 };

  constructor(private readonly h5wasm: { File: H5Wasm['File']; module: H5Module }) {}

  open(ref: Hdf5FileRef): Hdf5FileInfo {
    const file = this.file(ref);
    const classes = classesOf(file);
    return classes === undefined ? { keys: file.keys() } : { keys: file.keys(), classes };
  }

  describe(ref: Hdf5FileRef, path: string, allowed: readonly string[]): Hdf5DatasetInfo {
    const node = this.file(ref).get(path);
    const none = { shape: null, filters: [], dtype: null, typeName: '' };
    if (node === null) return { kind: 'missing', ...none };
    if (node.type !== 'Dataset') return { kind: 'group', ...none };
    const dataset = node as H5Dataset;
    const { shape, filters } = dataset;
    if (filters.some((f) => !allowed.includes(f.name)))
      return { kind: 'dataset', shape, filters, dtype: null, typeName: '' };
    // one row tells the typed array h5wasm gives (an empty or scalar dataset: its whole value)
    const sample =
      shape !== null && shape.length > 0 && sizeOf(shape) > 0
        ? dataset.slice([[0, 1]])
        : dataset.value;
    const dtype = ArrayBuffer.isView(sample) ? (dtypeOf(sample) ?? null) : null;
    return { kind: 'dataset', shape, filters, dtype, typeName: toStringTag(sample) };
  }

  read(request: Hdf5ReadRequest, into: ArrayBuffer[], onSlab?: () => void): ArrayBuffer[] {
    const file = this.file(request);
    for (const [i, { name, dtype }] of request.datasets.entries()) {
      const dataset = file.get(name) as H5Dataset | null;
      if (dataset?.type !== 'Dataset') throw new Error(`no dataset at ${name}`);
      readRowsInto(dataset, {
        module: this.h5wasm.module,
        rows: { ...request, dtype },
        into: into[i]!,
        staging: (bytes) => this.stagingOf(bytes, request.path),
        ...(onSlab ? { onSlab } : {}),
      });
    }
    return into;
  }

  close(ref: Hdf5FileRef): void {
    const file = this.files.get(ref.handle);
    this.files.delete(ref.handle);
    try {
      file?.close();
    } catch {
      // a corrupt file's close may fail too, after its reads returned or threw what they found
    }
  }

  private file(ref: Hdf5FileRef): H5File {
    let file = this.files.get(ref.handle);
    if (file === undefined) {
      file = new this.h5wasm.File(ref.path, 'r');
      this.files.set(ref.handle, file);
    }
    return file;
  }

  private stagingOf(bytes: number, path: string): number {
    if (bytes <= this.staging.bytes) return this.staging.pointer;
    const { module } = this.h5wasm;
    if (this.staging.pointer !== 0) module._free(this.staging.pointer);
    const pointer = module._malloc(bytes);
    this.staging = { pointer, bytes: pointer === 0 ? 0 : bytes };
    if (pointer === 0)
      throw limitError(
        SCOPE,
        path,
        `h5wasm could not allocate a ${bytes}-byte staging buffer; pass a smaller sliceElements`,
      );
    return pointer;
  }
}

function toStringTag(value: unknown): string {
  return Object.prototype.toString.call(value);
}

/** Loads h5wasm (an optional peer dependency) on the current thread. */
export async function loadHdf5Files(): Promise<Hdf5Files> {
  let h5wasm: H5Wasm;
  try {
    h5wasm = ((await import('h5wasm/node')) as unknown as { default: H5Wasm }).default;
  } catch (error) {
    throw new NotFoundError(
      'NOT_FOUND',
      'reading HDF5 needs the optional peer dependency h5wasm: npm install h5wasm',
      { scope: SCOPE, cause: error },
    );
  }
  return new Hdf5Files({ File: h5wasm.File, module: await h5wasm.ready });
}

let inProcess: Promise<Hdf5Files> | undefined;

/** h5wasm on the calling thread, unguarded (the `probe: false` option). */
export function inProcessHdf5(): Hdf5Access {
  const files = () => {
    inProcess ??= loadHdf5Files().catch((error: unknown) => {
      inProcess = undefined;
      throw error;
    });
    return inProcess;
  };
  return {
    open: async (ref) => (await files()).open(ref),
    describe: async (ref, path, allowed) => (await files()).describe(ref, path, allowed),
    read: async (request, into) => (await files()).read(request, into),
    close: (ref) => void inProcess?.then((f) => f.close(ref)),
  };
}
