import type { Tensor } from '@qstore/core';
import Papa from 'papaparse';
import { formatError } from '../internal/fail.js';
import { parseNumericCsv, type RaggedRow } from './csvNumeric.js';
import { gunzipBytes, isGzip } from './gzip.js';

const SCOPE = 'data/csv';

/** Options of {@link parseCsv}. */
export interface CsvOptions {
  /**
   * The first lines: `'names'` (one line of column names), `'none'`, or `'sklearn'` (scikit-learn's
   * `n_samples,n_features,class names…` line, optionally followed by a line of column names).
   * @default 'names'
   */
  header?: 'names' | 'none' | 'sklearn';
  /** The target column by name or index (negative counts from the end); `null` for none. @default the last column for `'sklearn'`, else none */
  labelColumn?: string | number | null;
  /** The field delimiter, or `'whitespace'` for runs of spaces and tabs. @default ',' */
  delimiter?: string;
  /** The element type of `x`. @default 'float64' */
  dtype?: 'float32' | 'float64';
}

/** A parsed CSV: features, optional targets, column names and class names of a text label column. */
export interface CsvTable {
  readonly x: Tensor;
  readonly y?: Tensor;
  readonly columns: readonly string[];
  readonly classes?: readonly string[];
}

interface Grid {
  values: (row: number, column: number) => number;
  /** Row-major values when the fast path read the file. */
  dense?: Float64Array;
  rows: number;
  columns: number;
  text?: string[][];
}

function raggedError(file: string, r: RaggedRow): Error {
  return formatError(
    SCOPE,
    file,
    `line ${r.line} has ${r.fields} fields; expected ${r.expected} like the first data row (ragged rows)`,
  );
}

function lineEnd(raw: Uint8Array, from: number): number {
  const end = raw.indexOf(10, from);
  return end === -1 ? raw.length : end + 1;
}

function lineAt(raw: Uint8Array, from: number): string {
  return new TextDecoder().decode(raw.subarray(from, lineEnd(raw, from)));
}

function splitLine(line: string, delimiter: string): string[] {
  const parsed = Papa.parse<string[]>(line.trim(), {
    delimiter: delimiter === 'whitespace' ? ' ' : delimiter,
  });
  return (parsed.data[0] ?? [])
    .map((cell) => cell.trim())
    .filter((cell, _, all) => delimiter !== 'whitespace' || cell !== '' || all.length === 1);
}

function parseGrid(
  raw: Uint8Array,
  start: number,
  firstLine: number,
  file: string,
  delimiter: string,
): Grid {
  const fast = parseNumericCsv(raw, { start, delimiter, firstLine });
  if (fast !== undefined) {
    if ('ragged' in fast) throw raggedError(file, fast);
    return { ...fast, values: (r, c) => fast.values[r * fast.columns + c]!, dense: fast.values };
  }
  const body = new TextDecoder().decode(raw.subarray(start));
  const parsed = Papa.parse<string[]>(body, {
    delimiter: delimiter === 'whitespace' ? ' ' : delimiter,
    skipEmptyLines: true,
  });
  const rows =
    delimiter === 'whitespace'
      ? parsed.data.map((row) => row.filter((cell) => cell !== ''))
      : parsed.data;
  const columns = rows[0]?.length ?? 0;
  for (const [index, row] of rows.entries()) {
    if (row.length !== columns) {
      throw raggedError(file, {
        ragged: true,
        line: firstLine + index,
        fields: row.length,
        expected: columns,
      });
    }
  }
  return { values: (r, c) => Number(rows[r]![c]), rows: rows.length, columns, text: rows };
}

function resolveLabel(
  label: CsvOptions['labelColumn'],
  columns: readonly string[],
  count: number,
  file: string,
): number | undefined {
  if (label === null || label === undefined) return undefined;
  const index =
    typeof label === 'number' ? (label < 0 ? count + label : label) : columns.indexOf(label);
  if (index < 0 || index >= count) {
    throw formatError(
      SCOPE,
      file,
      `label column ${JSON.stringify(label)} is not among the ${count} columns (${columns.join(', ')})`,
      'PARSE_ERROR',
    );
  }
  return index;
}

/**
 * The feature matrix: every column but the label. Fast-path float64 tables are compacted in place
 * (the label column squeezed out row by row, no second buffer); others are copied.
 */
function features(
  grid: Grid,
  o: {
    label: number | undefined;
    dtype: CsvOptions['dtype'];
    file: string;
    columns: readonly string[];
    firstLine: number;
  },
): Float64Array | Float32Array {
  const width = o.label === undefined ? grid.columns : grid.columns - 1;
  const label = o.label ?? grid.columns;
  if (grid.dense !== undefined && o.dtype !== 'float32') {
    const dense = grid.dense;
    if (label < grid.columns) {
      for (let r = 0; r < grid.rows; r++) {
        const from = r * grid.columns;
        dense.copyWithin(r * width, from, from + label);
        dense.copyWithin(r * width + label, from + label + 1, from + grid.columns);
      }
    }
    return dense.subarray(0, grid.rows * width);
  }
  const x = new (o.dtype === 'float32' ? Float32Array : Float64Array)(grid.rows * width);
  if (grid.dense !== undefined) {
    for (let r = 0; r < grid.rows; r++) {
      const row = grid.dense.subarray(r * grid.columns, (r + 1) * grid.columns);
      x.set(row.subarray(0, label), r * width);
      if (label < grid.columns) x.set(row.subarray(label + 1), r * width + label);
    }
    return x;
  }
  for (let r = 0; r < grid.rows; r++) {
    for (let c = 0, k = 0; c < grid.columns; c++) {
      if (c === label) continue;
      const value = grid.values(r, c);
      const cell = grid.text?.[r]?.[c] ?? '';
      if (Number.isNaN(value) && cell.trim() !== '') {
        throw formatError(
          SCOPE,
          o.file,
          `line ${o.firstLine + r}, column ${o.columns[c]}: "${cell}" is not a number`,
          'PARSE_ERROR',
        );
      }
      x[r * width + k++] = value;
    }
  }
  return x;
}

/**
 * Parses a CSV file (gzipped or not) into a numeric feature tensor and optional targets. Numeric
 * files take a fast single-pass path; others go through papaparse. A text label column becomes int32
 * class indices (sorted names in `classes`); ragged rows throw `CORRUPT_DATA` naming the line.
 */
export function parseCsv(bytes: Uint8Array, file: string, options: CsvOptions = {}): CsvTable {
  const raw = isGzip(bytes) ? gunzipBytes(bytes, { file, scope: SCOPE }) : bytes;
  const bom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf ? 3 : 0;
  const delimiter = options.delimiter ?? ',';
  const header = options.header ?? 'names';
  let start = bom;
  let line = 1;
  let columns: string[] = [];
  let classes: string[] | undefined;
  let expectedRows: number | undefined;
  if (header === 'sklearn') {
    const meta = splitLine(lineAt(raw, start), delimiter).filter((cell) => cell !== '');
    expectedRows = Number(meta[0]);
    if (!Number.isInteger(expectedRows))
      throw formatError(
        SCOPE,
        file,
        `line 1 is not a scikit-learn header (n_samples,n_features,classes…): ${meta.join(',')}`,
        'PARSE_ERROR',
      );
    if (meta.length > 2) classes = meta.slice(2);
    start = lineEnd(raw, start);
    line = 2;
    const second = splitLine(lineAt(raw, start), delimiter);
    if (second.some((cell) => cell !== '' && Number.isNaN(Number(cell)))) {
      columns = second;
      start = lineEnd(raw, start);
      line = 3;
    }
  } else if (header === 'names') {
    columns = splitLine(lineAt(raw, start), delimiter);
    start = lineEnd(raw, start);
    line = 2;
  }
  const grid = parseGrid(raw, start, line, file, delimiter);
  if (columns.length === 0) columns = Array.from({ length: grid.columns }, (_, i) => `column_${i}`);
  if (grid.rows > 0 && columns.length !== grid.columns) {
    throw formatError(
      SCOPE,
      file,
      `the header names ${columns.length} columns but rows have ${grid.columns} fields`,
    );
  }
  if (expectedRows !== undefined && expectedRows !== grid.rows) {
    throw formatError(
      SCOPE,
      file,
      `the scikit-learn header announces ${expectedRows} samples but ${grid.rows} rows follow`,
    );
  }
  const label = resolveLabel(
    options.labelColumn === undefined && header === 'sklearn' ? -1 : options.labelColumn,
    columns,
    grid.columns,
    file,
  );
  // the labels first: features() may compact the fast path's buffer in place
  const labelValues =
    label === undefined ? [] : Array.from({ length: grid.rows }, (_, r) => grid.values(r, label));
  const x = features(grid, { label, dtype: options.dtype, file, columns, firstLine: line });
  const table: CsvTable = {
    x: {
      dtype: options.dtype ?? 'float64',
      shape: [grid.rows, grid.columns - (label === undefined ? 0 : 1)],
      data: x,
    } as Tensor,
    columns: columns.filter((_, c) => c !== label),
  };
  if (label === undefined) return table;
  if (labelValues.every((v) => Number.isInteger(v))) {
    return {
      ...table,
      y: { dtype: 'int32', shape: [grid.rows], data: Int32Array.from(labelValues) },
      ...(classes ? { classes } : {}),
    };
  }
  if (grid.text === undefined || labelValues.every((v) => !Number.isNaN(v))) {
    return {
      ...table,
      y: { dtype: 'float64', shape: [grid.rows], data: Float64Array.from(labelValues) },
    };
  }
  const names = grid.text.map((row) => row[label]!.trim());
  const sorted = [...new Set(names)].sort();
  const index = new Map(sorted.map((name, i) => [name, i]));
  return {
    ...table,
    y: { dtype: 'int32', shape: [grid.rows], data: Int32Array.from(names, (n) => index.get(n)!) },
    classes: sorted,
  };
}
