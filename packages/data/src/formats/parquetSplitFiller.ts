import type { DataSplit, Tensor } from '@qstore/core';
import { formatError } from '../internal/fail.js';
import { decodeImage } from './image.js';

const SCOPE = 'data/parquet';

/** What {@link ParquetSplitFiller} fills: the rows, columns and file. */
export interface ParquetFillOptions {
  /** Rows of the split (the tensors are allocated for exactly this many). */
  readonly rows: number;
  readonly imageColumn: string | undefined;
  readonly labelColumn: string | undefined;
  readonly channels: number | undefined;
  /** The file, for messages. */
  readonly what: string;
}

function imageBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  const bytes = (value as { bytes?: unknown } | null)?.bytes;
  return bytes instanceof Uint8Array ? bytes : undefined;
}

/**
 * Fills a split's tensors from chunks of hyparquet rows (e.g. one row group at a time), in order:
 * images decoded into one uint8 tensor allocated at the first image, or every numeric column but
 * the label into float64 features; labels into int64. Only one chunk of row objects is alive at a
 * time, not the file's.
 */
export class ParquetSplitFiller {
  #at = 0;
  #shape: number[] | undefined;
  #x: Uint8Array | Float64Array | undefined;
  #columns: string[] | undefined;
  readonly #y: BigInt64Array | undefined;

  constructor(readonly o: ParquetFillOptions) {
    this.#y = o.labelColumn === undefined ? undefined : new BigInt64Array(o.rows);
  }

  /** Adds the next rows. */
  add(rows: readonly Record<string, unknown>[]): void {
    if (this.#at + rows.length > this.o.rows)
      throw formatError(
        SCOPE,
        this.o.what,
        `its row groups hold more rows than the ${this.o.rows} its metadata gives`,
        'CORRUPT_DATA',
      );
    if (this.o.imageColumn === undefined) this.#numbers(rows);
    else this.#images(rows, this.o.imageColumn);
    const label = this.o.labelColumn;
    if (label !== undefined)
      for (const [j, row] of rows.entries()) {
        const value = row[label];
        if (typeof value !== 'bigint' && typeof value !== 'number')
          throw formatError(
            SCOPE,
            this.o.what,
            `row ${this.#at + j}, label ${label} is ${value === null ? 'null' : typeof value}; expected an integer`,
          );
        this.#y![this.#at + j] = BigInt(value);
      }
    this.#at += rows.length;
  }

  /** The split of every row added (fewer than `rows` when the row groups held fewer). */
  finish(): DataSplit {
    const n = this.#at;
    const width = (this.#x?.length ?? 0) / Math.max(1, this.o.rows);
    const data = this.#x?.subarray(0, n * width);
    const x: Tensor =
      this.o.imageColumn === undefined
        ? {
            dtype: 'float64',
            shape: [n, this.#columns?.length ?? 0],
            data: (data as Float64Array | undefined) ?? new Float64Array(0),
          }
        : {
            dtype: 'uint8',
            shape: [n, ...(this.#shape ?? [0, 0, 1])],
            data: (data as Uint8Array | undefined) ?? new Uint8Array(0),
          };
    if (this.#y === undefined) return { x };
    return { x, y: { dtype: 'int64', shape: [n], data: this.#y.subarray(0, n) } };
  }

  #images(rows: readonly Record<string, unknown>[], column: string): void {
    const what = this.o.what;
    for (const [j, row] of rows.entries()) {
      const i = this.#at + j;
      const bytes = imageBytes(row[column]);
      if (bytes === undefined)
        throw formatError(SCOPE, what, `row ${i} of column ${column} holds no image bytes`);
      const size =
        this.#shape === undefined ? 0 : this.#shape[0]! * this.#shape[1]! * this.#shape[2]!;
      // after the first image, PNGs decode straight into their row of the tensor
      const into =
        this.#shape === undefined
          ? undefined
          : (this.#x as Uint8Array).subarray(i * size, (i + 1) * size);
      const image = decodeImage(
        bytes,
        `${what} row ${i}`,
        this.o.channels ?? this.#shape?.[2],
        into,
      );
      if (this.#shape === undefined) {
        this.#shape = [image.height, image.width, image.channels];
        this.#x = new Uint8Array(this.o.rows * image.data.length);
      }
      if (image.height !== this.#shape[0] || image.width !== this.#shape[1])
        throw formatError(
          SCOPE,
          what,
          `row ${i} is a ${image.width}×${image.height} image; the first row is ${this.#shape[1]}×${this.#shape[0]}`,
        );
      if (image.data !== into) this.#x!.set(image.data, i * image.data.length);
    }
  }

  #numbers(rows: readonly Record<string, unknown>[]): void {
    if (this.#columns === undefined) {
      if (rows.length === 0) return;
      this.#columns = Object.keys(rows[0]!).filter((k) => k !== this.o.labelColumn);
      this.#x = new Float64Array(this.o.rows * this.#columns.length);
    }
    const columns = this.#columns;
    const out = this.#x as Float64Array;
    for (const [j, row] of rows.entries()) {
      const r = this.#at + j;
      for (const [c, name] of columns.entries()) {
        const value = row[name];
        if (typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
          throw formatError(
            SCOPE,
            this.o.what,
            `row ${r}, column ${name} is ${value === null ? 'null' : typeof value}; expected a number`,
            'UNSUPPORTED_FORMAT',
          );
        }
        out[r * columns.length + c] = Number(value);
      }
    }
  }
}
