import {
  createDataset,
  type DataSplit,
  type Dataset,
  type DatasetMetadata,
  SPLIT_NAMES,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import { Field, makeData, RecordBatch, Schema, Struct, Table } from 'apache-arrow';
import { z } from 'zod';
import { formatError } from '../internal/fail.js';
import { arrowColumnToTensor, arrowTypeOf, tensorToArrowData } from './arrowTensor.js';

const SCOPE = 'data/arrow';
/** The schema-metadata key under which a Q-Store dataset describes itself. */
export const DATASET_METADATA_KEY = 'qstore:dataset';

const layoutSchema = z.object({
  version: z.literal(1),
  metadata: z.object({ name: z.string(), source: z.string() }).passthrough(),
  splits: z.array(
    z.object({
      name: z.enum(SPLIT_NAMES),
      rows: z.number().int().nonnegative(),
      xShape: z.array(z.number().int().nonnegative()),
      yShape: z.array(z.number().int().nonnegative()).optional(),
    }),
  ),
});

function presentSplits(dataset: Dataset): [SplitName, DataSplit][] {
  return SPLIT_NAMES.flatMap((name) =>
    dataset[name] === undefined ? [] : [[name, dataset[name]] as [SplitName, DataSplit]],
  );
}

/**
 * A dataset as one Arrow table: columns `x` (and `y`), one record batch per split (train, val,
 * test, in order), rows as fixed-size lists, no copy. Shapes, dtypes, split sizes and metadata are
 * kept in the schema metadata (`qstore:dataset`), so {@link fromArrow} restores it losslessly.
 */
export function toArrow(dataset: Dataset): Table {
  const splits = presentSplits(createDataset(dataset));
  const [, first] = splits[0]!;
  const hasY = first.y !== undefined;
  for (const [name, split] of splits) {
    if (
      (split.y !== undefined) !== hasY ||
      split.x.dtype !== first.x.dtype ||
      split.y?.dtype !== first.y?.dtype
    ) {
      throw new ValidationError(
        'DTYPE_MISMATCH',
        `split ${name} differs from ${splits[0]![0]} in dtype or in having y; Arrow needs one schema`,
        { scope: SCOPE },
      );
    }
  }
  const fields = [new Field('x', arrowTypeOf(first.x.dtype, first.x.shape.slice(1)), false)];
  if (first.y !== undefined)
    fields.push(new Field('y', arrowTypeOf(first.y.dtype, first.y.shape.slice(1)), false));
  const layout = {
    version: 1,
    metadata: dataset.metadata,
    splits: splits.map(([name, split]) => ({
      name,
      rows: split.x.shape[0]!,
      xShape: split.x.shape.slice(1),
      ...(split.y ? { yShape: split.y.shape.slice(1) } : {}),
    })),
  };
  const schema = new Schema(fields, new Map([[DATASET_METADATA_KEY, JSON.stringify(layout)]]));
  const batches = splits.map(([name, split]) => {
    const children = [tensorToArrowData(split.x)];
    if (split.y !== undefined) children.push(tensorToArrowData(split.y));
    for (const [i, child] of children.entries()) {
      if (String(child.type) !== String(fields[i]!.type)) {
        throw new ValidationError(
          'SHAPE_MISMATCH',
          `split ${name}: ${fields[i]!.name} has ${String(child.type)} per row but the first split has ${String(fields[i]!.type)}`,
          { scope: SCOPE },
        );
      }
    }
    return new RecordBatch(
      schema,
      makeData({ type: new Struct(fields), length: split.x.shape[0]!, nullCount: 0, children }),
    );
  });
  return new Table(schema, batches);
}

/**
 * The dataset a table made by {@link toArrow} describes. A table without `qstore:dataset` metadata
 * is read as one train split from its `x` and `y` columns. A split that lies in one record batch
 * (as `toArrow` writes them) is a view of the table's buffers, not a copy.
 */
export function fromArrow(table: Table, what = 'arrow table'): Dataset {
  const raw = table.schema.metadata.get(DATASET_METADATA_KEY);
  const x = table.getChild('x');
  const y = table.getChild('y');
  if (x === null)
    throw formatError(
      SCOPE,
      what,
      `has no "x" column; columns are ${table.schema.names.join(', ')}`,
    );
  if (raw === undefined) {
    const train: DataSplit =
      y === null
        ? { x: arrowColumnToTensor(x, { what }) }
        : { x: arrowColumnToTensor(x, { what }), y: arrowColumnToTensor(y, { what }) };
    return createDataset({ train, metadata: { name: what, source: 'arrow' } });
  }
  let layout: z.infer<typeof layoutSchema>;
  try {
    layout = layoutSchema.parse(JSON.parse(raw));
  } catch (error) {
    throw formatError(
      SCOPE,
      what,
      `its ${DATASET_METADATA_KEY} metadata is not a valid dataset layout`,
      'CORRUPT_DATA',
      error,
    );
  }
  const total = layout.splits.reduce((sum, s) => sum + s.rows, 0);
  if (total !== table.numRows)
    throw formatError(
      SCOPE,
      what,
      `metadata lists ${total} rows but the table holds ${table.numRows}`,
    );
  const result: { -readonly [K in SplitName]?: DataSplit } = {};
  let start = 0;
  for (const split of layout.splits) {
    const xs = arrowColumnToTensor(x, {
      start,
      rows: split.rows,
      rowShape: split.xShape,
      what: `${what} (${split.name}.x)`,
    });
    result[split.name] =
      split.yShape === undefined || y === null
        ? { x: xs }
        : {
            x: xs,
            y: arrowColumnToTensor(y, {
              start,
              rows: split.rows,
              rowShape: split.yShape,
              what: `${what} (${split.name}.y)`,
            }),
          };
    start += split.rows;
  }
  if (result.train === undefined) throw formatError(SCOPE, what, 'metadata lists no train split');
  return createDataset({
    ...result,
    train: result.train,
    metadata: layout.metadata as DatasetMetadata,
  });
}
