import { createReadStream } from 'node:fs';
import type { SampleBatch } from '@qstore/core';
import { RecordBatchReader, Table } from 'apache-arrow';
import { arrowColumnToTensor } from '../dataset/arrowTensor.js';
import { DATASET_METADATA_KEY } from '../dataset/datasetArrow.js';
import { formatError } from '../internal/fail.js';
import { ioError } from '../internal/io.js';

interface Layout {
  splits: { name: string; rows: number; xShape: number[]; yShape?: number[] }[];
}

/**
 * Streams one split of an Arrow IPC file or stream record batch by record batch, in batches of at
 * most `batchSize` rows (memory: one record batch as written plus one output batch). A file written
 * by `saveDataset` gives any split; another `x`/`y` table is the train split.
 */
export async function* streamArrowSplit(
  path: string,
  split: string,
  batchSize: number,
): AsyncGenerator<SampleBatch> {
  const input = createReadStream(path);
  let reader: RecordBatchReader;
  try {
    reader = await RecordBatchReader.from(input);
    await reader.open();
  } catch (error) {
    input.destroy();
    if ((error as { code?: string }).code === 'ENOENT') throw ioError(error, path, 'data/arrow');
    throw formatError(
      'data/arrow',
      path,
      `not a valid Arrow IPC file or stream (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
  try {
    const raw = reader.schema.metadata.get(DATASET_METADATA_KEY);
    const layout = raw === undefined ? undefined : (JSON.parse(raw) as Layout);
    let start = 0;
    let rows = Number.POSITIVE_INFINITY;
    let xShape: number[] | undefined;
    let yShape: number[] | undefined;
    if (layout !== undefined) {
      const index = layout.splits.findIndex((s) => s.name === split);
      if (index === -1)
        throw formatError(
          'data/arrow',
          path,
          `has no ${split} split; it has ${layout.splits.map((s) => s.name).join(', ')}`,
        );
      start = layout.splits.slice(0, index).reduce((sum, s) => sum + s.rows, 0);
      rows = layout.splits[index]!.rows;
      xShape = layout.splits[index]!.xShape;
      yShape = layout.splits[index]!.yShape;
    } else if (split !== 'train') {
      throw formatError('data/arrow', path, `holds one table (the train split), not ${split}`);
    }
    let seen = 0;
    let offset = 0;
    for await (const batch of reader) {
      const table = new Table([batch]);
      const from = Math.max(start - seen, 0);
      const to = Math.min(start + rows - seen, table.numRows);
      seen += table.numRows;
      for (let at = from; at < to; at += batchSize) {
        const count = Math.min(batchSize, to - at);
        const x = arrowColumnToTensor(table.getChild('x')!, {
          start: at,
          rows: count,
          what: path,
          ...(xShape ? { rowShape: xShape } : {}),
        });
        const yColumn = table.getChild('y');
        const out: SampleBatch =
          yColumn === null
            ? { x, offset }
            : {
                x,
                y: arrowColumnToTensor(yColumn, {
                  start: at,
                  rows: count,
                  what: path,
                  ...(yShape ? { rowShape: yShape } : {}),
                }),
                offset,
              };
        offset += count;
        yield out;
      }
      if (seen >= start + rows) break;
    }
  } finally {
    await reader.cancel();
    input.destroy();
  }
}
