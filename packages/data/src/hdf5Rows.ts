import { sizeOf, type Tensor } from '@qstore/core';
import { limitError } from './internal/fail.js';

/** The parts of an h5wasm dataset that row reads use. */
export interface H5RowDataset {
  readonly shape: number[] | null;
  readonly path: string;
  readonly file_id: bigint;
  readonly metadata: { type: number; size: number; vlen: boolean };
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

/** Options of {@link hdf5RowReader}. */
export interface Hdf5RowReaderOptions {
  /** The most elements one h5wasm read fetches. */
  readonly sliceElements: number;
  /** The most rows one call reads (sizes the staging buffer). */
  readonly maxRows: number;
  /** Turns what `dataset.slice` returns into a checked tensor of the given shape. */
  readonly check: (value: unknown, shape: number[]) => Tensor;
}

/** Reads row ranges of one dataset; `close` frees what the reader allocated. */
export interface Hdf5RowReader {
  read(start: number, end: number): Tensor;
  close(): void;
}

/**
 * A reader of row ranges `[start, end)` of a dataset, in hyperslabs of at most `sliceElements`
 * elements (whole rows, at least one). Numeric datasets are read straight from h5wasm's heap into
 * the output array: one staging buffer is allocated in the WebAssembly heap per reader and reused,
 * so a batch costs one copy and leaves no garbage behind (`dataset.slice` copies every read out
 * of the heap into a new buffer first). Other datasets, or without `module`, go through
 * `dataset.slice`. The element type comes from a one-row `dataset.slice` checked by `check`.
 */
export function hdf5RowReader(
  dataset: H5RowDataset,
  module: H5Module | undefined,
  options: Hdf5RowReaderOptions,
): Hdf5RowReader {
  const shape = dataset.shape ?? [];
  const rowShape = shape.slice(1);
  const rowElements = sizeOf(rowShape);
  const step = Math.max(1, Math.floor(options.sliceElements / Math.max(1, rowElements)));
  const meta = dataset.metadata;
  const numeric =
    module !== undefined &&
    !meta.vlen &&
    (meta.type === module.H5T_class_t['H5T_INTEGER']?.value ||
      meta.type === module.H5T_class_t['H5T_FLOAT']?.value);
  if (!numeric || (shape[0] ?? 0) === 0 || rowElements === 0)
    return {
      read: (start, end) => sliceRows(dataset, { start, end, step }, options.check),
      close() {},
    };
  const probe = options.check(dataset.slice([[0, 1]]), [1, ...rowShape]);
  const make = probe.data.constructor as new (n: number) => Tensor['data'];
  const slabRows = Math.min(step, options.maxRows);
  const rowBytes = rowElements * meta.size;
  const staging = module._malloc(slabRows * rowBytes);
  if (staging === 0) {
    throw limitError(
      'data/hdf5',
      dataset.path,
      `h5wasm could not allocate a ${slabRows * rowBytes}-byte staging buffer; pass a smaller sliceElements`,
    );
  }
  const rest = rowShape.map((n) => BigInt(n));
  const zeros = rowShape.map(() => 0n);
  const ones = shape.map(() => 1n);
  let closed = false;
  return {
    read(start, end) {
      const data = new make((end - start) * rowElements);
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      for (let at = start; at < end; at += slabRows) {
        const stop = Math.min(end, at + slabRows);
        const count = (stop - at) * rowBytes;
        module.get_dataset_data(
          dataset.file_id,
          dataset.path,
          [BigInt(stop - at), ...rest],
          [BigInt(at), ...zeros],
          ones,
          BigInt(staging),
        );
        // HEAPU8 is replaced when the heap grows: take it after the read
        bytes.set(module.HEAPU8.subarray(staging, staging + count), (at - start) * rowBytes);
      }
      return { dtype: probe.dtype, shape: [end - start, ...rowShape], data } as Tensor;
    },
    close() {
      if (!closed) module._free(staging);
      closed = true;
    },
  };
}

/** Rows `[start, end)` through `dataset.slice` in reads of `step` rows (no copy when one read). */
function sliceRows(
  dataset: H5RowDataset,
  rows: { start: number; end: number; step: number },
  check: (value: unknown, shape: number[]) => Tensor,
): Tensor {
  const shape = [rows.end - rows.start, ...dataset.shape!.slice(1)];
  const rowElements = sizeOf(shape.slice(1));
  let out: Tensor | undefined;
  for (let at = rows.start; at < rows.end; at += rows.step) {
    const stop = Math.min(rows.end, at + rows.step);
    const part = check(dataset.slice([[at, stop]]), [stop - at, ...shape.slice(1)]);
    if (stop - at === shape[0]) return part;
    out ??= {
      ...part,
      shape,
      data: new (part.data.constructor as new (n: number) => Tensor['data'])(
        shape[0]! * rowElements,
      ),
    } as Tensor;
    (out.data as Uint8Array).set(part.data as Uint8Array, (at - rows.start) * rowElements);
  }
  return out!;
}
