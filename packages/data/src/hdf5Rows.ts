import { allocate, type DType, dtypeOf, sizeOf } from '@qstore/core';

/** The parts of an h5wasm dataset that row reads use. */
export interface H5RowDataset {
  readonly shape: number[] | null;
  readonly path: string;
  readonly file_id: bigint;
  readonly metadata: {
    type: number;
    size: number;
    vlen: boolean;
    chunks?: number[] | null;
  };
  slice(ranges: [number, number][]): unknown;
}

/** The low-level functions of h5wasm's WebAssembly module that direct reads use. */
export interface H5Module {
  readonly HEAPU8: Uint8Array;
  readonly H5T_class_t: Record<string, { value: number }>;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  get_dataset_data(
    fileId: bigint,
    path: string,
    count: bigint[],
    offset: bigint[],
    strides: bigint[],
    pointer: bigint,
  ): number;
}

/** Options of {@link readRowsInto}. */
export interface ReadRowsOptions {
  readonly module: H5Module;
  /** The rows `[start, end)`, their dtype, and the most elements one h5wasm read fetches. */
  readonly rows: {
    readonly dtype: DType;
    readonly start: number;
    readonly end: number;
    readonly sliceElements: number;
  };
  /** Receives the rows' values: exactly `(end - start) × row size` elements of `dtype`. */
  readonly into: ArrayBuffer;
  /** A pointer to at least `bytes` bytes in h5wasm's heap, reused from read to read. */
  readonly staging: (bytes: number) => number;
  /** Called after each hyperslab read (the watchdog's sign of progress). */
  readonly onSlab?: () => void;
}

/**
 * Reads rows `[start, end)` of a dataset into `into`, in hyperslabs of at most `sliceElements`
 * elements (whole rows, at least one), so h5wasm's heap stays as small as one hyperslab whatever
 * the number of rows. In a chunked dataset the hyperslabs hold whole chunks of rows (at least one
 * chunk, ending on chunk boundaries): HDF5 decompresses every chunk a hyperslab touches, so a
 * chunk cut between two reads would be decompressed twice. Numeric datasets whose element size matches the dtype are read straight
 * into the staging buffer and copied from h5wasm's heap into `into` (one copy, no garbage);
 * others go through `dataset.slice`, which must give a typed array of `dtype`.
 */
export function readRowsInto(dataset: H5RowDataset, options: ReadRowsOptions): void {
  const { module, rows } = options;
  const shape = dataset.shape ?? [];
  const rowShape = shape.slice(1);
  const rowElements = sizeOf(rowShape);
  const out = allocateView(rows.dtype, options.into);
  if (out.length !== (rows.end - rows.start) * rowElements)
    throw new Error(
      `a ${out.length}-element buffer cannot hold rows ${rows.start}–${rows.end} of ${dataset.path}`,
    );
  if (out.length === 0) return;
  const chunkRows = dataset.metadata.chunks?.[0] ?? 0;
  const rowsPerSlice = Math.max(1, Math.floor(rows.sliceElements / rowElements));
  const step =
    chunkRows > 0 ? Math.max(1, Math.floor(rowsPerSlice / chunkRows)) * chunkRows : rowsPerSlice;
  /** Where the hyperslab from row `at` ends: `step` rows on, or the chunk boundary before that. */
  const stopOf = (at: number) =>
    Math.min(rows.end, chunkRows > 0 ? at - (at % chunkRows) + step : at + step);
  const meta = dataset.metadata;
  const numeric =
    !meta.vlen &&
    meta.size === out.BYTES_PER_ELEMENT &&
    (meta.type === module.H5T_class_t['H5T_INTEGER']?.value ||
      meta.type === module.H5T_class_t['H5T_FLOAT']?.value);
  const rowBytes = rowElements * out.BYTES_PER_ELEMENT;
  const bytes = new Uint8Array(options.into);
  const rest = rowShape.map((n) => BigInt(n));
  const zeros = rowShape.map(() => 0n);
  const ones = shape.map(() => 1n);
  const staging = numeric ? options.staging(Math.min(step, rows.end - rows.start) * rowBytes) : 0;
  for (let at = rows.start, stop = stopOf(at); at < rows.end; at = stop, stop = stopOf(at)) {
    if (numeric) {
      const status = module.get_dataset_data(
        dataset.file_id,
        dataset.path,
        [BigInt(stop - at), ...rest],
        [BigInt(at), ...zeros],
        ones,
        BigInt(staging),
      );
      if (status < 0) throw new Error(`HDF5 could not read rows ${at}–${stop} of ${dataset.path}`);
      // HEAPU8 is replaced when the heap grows: take it after the read
      bytes.set(
        module.HEAPU8.subarray(staging, staging + (stop - at) * rowBytes),
        (at - rows.start) * rowBytes,
      );
    } else {
      const part = dataset.slice([[at, stop]]);
      if (!ArrayBuffer.isView(part) || dtypeOf(part) !== rows.dtype)
        throw new Error(`rows ${at}–${stop} of ${dataset.path} are not ${rows.dtype} values`);
      (out as Uint8Array).set(part as Uint8Array, (at - rows.start) * rowElements);
    }
    options.onSlab?.();
  }
}

/** A typed array of `dtype` over all of `buffer`. */
export function allocateView(dtype: DType, buffer: ArrayBuffer): ReturnType<typeof allocate> {
  const ctor = allocate(dtype, 0).constructor as new (
    buffer: ArrayBuffer,
  ) => ReturnType<typeof allocate>;
  return new ctor(buffer);
}
