import { type DataSplit, type SampleBatch, sliceRows } from '@qstore/core';
import { throwIfAborted } from './io.js';

/** Yields a loaded split as views of at most `batchSize` rows (no copies). */
export function* sliceBatches(
  data: DataSplit,
  batchSize: number,
  signal?: AbortSignal,
): Generator<SampleBatch> {
  const rows = data.x.shape[0]!;
  for (let start = 0; start < rows; start += batchSize) {
    throwIfAborted(signal, 'data/stream');
    const end = Math.min(rows, start + batchSize);
    const x = sliceRows(data.x, start, end);
    yield data.y === undefined
      ? { x, offset: start }
      : { x, y: sliceRows(data.y, start, end), offset: start };
  }
}
