import type { DataSplit, SplitName, Tensor } from '@qstore/core';
import { datasetFromIpc } from '../dataset/datasetFile.js';
import { type CsvOptions, parseCsv } from '../formats/csv.js';
import { parseIdx } from '../formats/idx.js';
import { parseNpy } from '../formats/npy.js';
import { parseNpz } from '../formats/npz.js';
import { formatError } from '../internal/fail.js';
import { readBytes } from '../internal/io.js';

const SCOPE = 'data/local';

/** A split's files: features and optional targets, or one file holding both. */
export interface FileRef {
  readonly x: string;
  readonly y?: string;
}

/** What a reader returns: splits by name plus whatever class names the files carry. */
export interface LocalRead {
  readonly splits: Partial<Record<SplitName, DataSplit>>;
  readonly classes?: readonly string[];
}

/** Settings a reader may use. */
export interface ReaderOptions {
  readonly csv?: CsvOptions;
  readonly keys?: { readonly x: string; readonly y?: string };
}

function pair(x: Tensor, y: Tensor | undefined): DataSplit {
  return y === undefined ? { x } : { x, y };
}

function readArrow(path: string): LocalRead {
  const { metadata, ...splits } = datasetFromIpc(readBytes(path, SCOPE), path);
  return metadata.classes === undefined ? { splits } : { splits, classes: metadata.classes };
}

/** Reads one split from its files (npy, idx, csv, arrow). */
export function readSplitFiles(
  format: 'npy' | 'idx' | 'csv' | 'arrow',
  ref: FileRef,
  options: ReaderOptions,
): { split: DataSplit; classes?: readonly string[] } {
  if (format === 'arrow') {
    const read = readArrow(ref.x);
    return read.classes === undefined
      ? { split: read.splits.train! }
      : { split: read.splits.train!, classes: read.classes };
  }
  if (format === 'csv') {
    if (ref.y !== undefined) {
      const x = parseCsv(readBytes(ref.x, SCOPE), ref.x, { ...options.csv, labelColumn: null }).x;
      const y = parseCsv(readBytes(ref.y, SCOPE), ref.y, { ...options.csv, labelColumn: 0 }).y;
      return { split: pair(x, y) };
    }
    const table = parseCsv(readBytes(ref.x, SCOPE), ref.x, options.csv);
    return table.classes === undefined
      ? { split: pair(table.x, table.y) }
      : { split: pair(table.x, table.y), classes: table.classes };
  }
  const parse = format === 'npy' ? parseNpy : parseIdx;
  const x = parse(readBytes(ref.x, SCOPE), ref.x);
  return {
    split: pair(x, ref.y === undefined ? undefined : parse(readBytes(ref.y, SCOPE), ref.y)),
  };
}

/**
 * Reads every split from one npz (Keras names `x_train`, `y_train`, `x_val`, … or plain `x`/`y`)
 * or one Arrow IPC file (a saved dataset, or an `x`/`y` table).
 */
export function readWholeFile(
  format: 'npz' | 'arrow',
  path: string,
  options: ReaderOptions,
): LocalRead {
  if (format === 'arrow') return readArrow(path);
  const arrays = parseNpz(readBytes(path, SCOPE), path);
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  if (options.keys !== undefined) {
    const x = arrays[options.keys.x];
    if (x === undefined)
      throw formatError(
        SCOPE,
        path,
        `has no array "${options.keys.x}"; it holds ${Object.keys(arrays).join(', ')}`,
      );
    splits.train = pair(x, options.keys.y === undefined ? undefined : arrays[options.keys.y]);
    return { splits };
  }
  for (const name of ['train', 'val', 'test'] as const) {
    const x = arrays[`x_${name}`];
    if (x !== undefined) splits[name] = pair(x, arrays[`y_${name}`]);
  }
  if (splits.train === undefined && arrays['x'] !== undefined)
    splits.train = pair(arrays['x'], arrays['y']);
  if (splits.train === undefined) {
    throw formatError(
      SCOPE,
      path,
      `holds ${Object.keys(arrays).join(', ')}; expected x_train (and y_train, x_test, …) or x and y, or pass sourceParams.keys`,
    );
  }
  return { splits };
}
