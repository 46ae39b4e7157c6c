import type { DataSplit, SampleBatch, SourceLoadContext, SplitName } from '@qstore/core';
import { asyncBufferFromFile } from 'hyparquet';
import { streamArrayPair, streamIdxRows, streamNpyRows } from '../formats/arrayStream.js';
import { streamArrowSplit } from '../formats/arrowStream.js';
import { streamCsv } from '../formats/csvStream.js';
import { streamImageFolder } from '../formats/imageFolder.js';
import { streamNpzSplit } from '../formats/npzStream.js';
import { readParquetSplit } from '../formats/parquet.js';
import { openByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { ioError, throwIfAborted } from '../internal/io.js';
import { sliceBatches } from '../internal/sliceBatches.js';
import type { LocalOptions } from './local.js';
import { streamLocalCifar } from './localCifar.js';
import type { LocalFormat } from './localFormat.js';

const SCOPE = 'data/local';

async function* streamParquet(
  path: string,
  options: LocalOptions,
  batchSize: number,
  signal?: AbortSignal,
): AsyncGenerator<SampleBatch> {
  const file = await asyncBufferFromFile(path).catch((error: unknown) => {
    throw ioError(error, path, SCOPE);
  });
  const columns = {
    ...(options.keys
      ? { imageColumn: options.keys.x, ...(options.keys.y ? { labelColumn: options.keys.y } : {}) }
      : {}),
    ...(options.channels ? { channels: options.channels } : {}),
  };
  let total = Number.POSITIVE_INFINITY;
  for (let start = 0; start < total; start += batchSize) {
    throwIfAborted(signal, SCOPE);
    const read = await readParquetSplit(file, path, {
      ...columns,
      rowStart: start,
      rowEnd: start + batchSize,
    });
    total = read.numRows;
    if (read.split.x.shape[0] === 0) return;
    yield { ...read.split, offset: start };
  }
}

/**
 * Streams one split of a `local` dataset in batches of at most `batchSize` rows. npy and IDX (plain
 * or gzipped), npz (stored or deflated members), HDF5 (hyperslab reads), image folders (file by
 * file), CSV, Arrow IPC and Parquet are read incrementally (memory: about one batch, or one Arrow
 * record batch / Parquet row group), CIFAR archives and `.bin` records row by row. CSV with a
 * separate label file is loaded whole by `load` and sliced; Fortran-order arrays refuse to stream
 * (`UNSUPPORTED_FORMAT`).
 */
export async function* streamLocal(
  options: LocalOptions,
  format: LocalFormat,
  split: string,
  batchSize: number,
  context: SourceLoadContext,
  loadWhole: () => Promise<Partial<Record<SplitName, DataSplit>>>,
): AsyncGenerator<SampleBatch> {
  const signal = context.signal;
  throwIfAborted(signal, SCOPE);
  const refs = options.splits as Record<string, { x: string; y?: string } | undefined> | undefined;
  const ref =
    refs?.[split] ??
    (split === 'train' && options.path !== undefined ? { x: options.path } : undefined);
  if (format === 'arrow' && options.splits === undefined) {
    yield* streamArrowSplit(options.path!, split, batchSize);
    return;
  }
  if (ref !== undefined && (format === 'npy' || format === 'idx')) {
    const open = async (path: string) => {
      const reader = await openByteReader(path, SCOPE);
      return format === 'npy' ? streamNpyRows(reader) : streamIdxRows(reader);
    };
    yield* streamArrayPair(open, ref, batchSize, signal);
    return;
  }
  if (ref !== undefined && format === 'csv' && ref.y === undefined) {
    let offset = 0;
    for await (const table of streamCsv(ref.x, batchSize, options.csv)) {
      throwIfAborted(signal, SCOPE);
      yield table.y === undefined ? { x: table.x, offset } : { x: table.x, y: table.y, offset };
      offset += table.x.shape[0]!;
    }
    return;
  }
  if (ref !== undefined && format === 'arrow') {
    yield* streamArrowSplit(ref.x, 'train', batchSize);
    return;
  }
  if (format === 'npz' && options.path !== undefined) {
    if (options.keys !== undefined && split !== 'train')
      throw formatError(
        SCOPE,
        options.path,
        `has no ${split} split (sourceParams.keys names train)`,
      );
    yield* streamNpzSplit(options.path, {
      split,
      batchSize,
      ...(options.keys ? { keys: options.keys } : {}),
      ...(signal ? { signal } : {}),
    });
    return;
  }
  if (format === 'hdf5' && options.path !== undefined) {
    const { streamHdf5 } = await import('../hdf5.js');
    yield* streamHdf5(options.path, {
      batchSize,
      split: split as SplitName,
      ...(options.splits ? { splits: options.splits } : {}),
      ...(signal ? { signal } : {}),
    });
    return;
  }
  if (format === 'imageFolder' && options.path !== undefined) {
    yield* streamImageFolder(options.path, {
      batchSize,
      split: split as SplitName,
      ...(options.channels ? { channels: options.channels } : {}),
      ...(signal ? { signal } : {}),
    });
    return;
  }
  if (format === 'cifar') {
    yield* streamLocalCifar(options, split, batchSize, signal);
    return;
  }
  if (ref !== undefined && format === 'parquet') {
    yield* streamParquet(ref.x, options, batchSize, signal);
    return;
  }
  const data = (await loadWhole())[split as SplitName];
  if (data === undefined)
    throw formatError(SCOPE, options.path ?? ref?.x ?? options.name, `has no ${split} split`);
  yield* sliceBatches(data, batchSize, signal);
}
