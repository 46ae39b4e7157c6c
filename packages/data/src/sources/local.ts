import {
  type DataSplit,
  type Dataset,
  type SourceAdapter,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import { asyncBufferFromFile } from 'hyparquet';
import { z } from 'zod';
import { readImageFolder } from '../formats/imageFolder.js';
import { readParquetSplit } from '../formats/parquet.js';
import { ioError, throwIfAborted } from '../internal/io.js';
import { readLocalCifar } from './localCifar.js';
import { detectFormat, LOCAL_FORMATS, type LocalFormat } from './localFormat.js';
import { type LocalRead, readSplitFiles, readWholeFile } from './localReaders.js';
import { streamLocal } from './localStream.js';

const SCOPE = 'data/local';

async function readLocalParquet(options: LocalOptions): Promise<LocalRead> {
  const refs = options.splits ?? { train: { x: options.path! } };
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  let classes: readonly string[] | undefined;
  for (const name of ['train', 'val', 'test'] as const) {
    const path = refs[name]?.x;
    if (path === undefined) continue;
    const file = await asyncBufferFromFile(path).catch((error: unknown) => {
      throw ioError(error, path, SCOPE);
    });
    const read = await readParquetSplit(file, path, {
      ...(options.keys
        ? {
            imageColumn: options.keys.x,
            ...(options.keys.y ? { labelColumn: options.keys.y } : {}),
          }
        : {}),
      ...(options.channels ? { channels: options.channels } : {}),
    });
    splits[name] = read.split;
    classes ??= read.classes;
  }
  return classes === undefined ? { splits } : { splits, classes };
}

const fileRef = z.union([
  z
    .string()
    .min(1)
    .transform((x) => ({ x })),
  z.object({ x: z.string().min(1), y: z.string().min(1).optional() }),
]);

/** The zod schema of the `local` source's options. */
export const localOptionsSchema = z
  .object({
    /** The dataset's name (for metadata). */
    name: z.string().min(1),
    /** The file format; guessed from the file name when absent. */
    format: z.enum(LOCAL_FORMATS).optional(),
    /** One file or folder holding every split (npz, Arrow, HDF5, image folder, CIFAR archive) or the train split. */
    path: z.string().min(1).optional(),
    /** Files per split: a path, or `{ x, y }` paths (for HDF5: dataset paths inside `path`). */
    splits: z
      .object({ train: fileRef, val: fileRef.optional(), test: fileRef.optional() })
      .optional(),
    /** Array, column or dataset names of the features and targets when they differ from the defaults. */
    keys: z.object({ x: z.string().min(1), y: z.string().min(1).optional() }).optional(),
    /** CSV settings. */
    csv: z
      .object({
        header: z.enum(['names', 'none', 'sklearn']).optional(),
        labelColumn: z.union([z.string(), z.number().int(), z.null()]).optional(),
        delimiter: z.string().min(1).optional(),
        dtype: z.enum(['float32', 'float64']).optional(),
      })
      .optional(),
    /** Image channels (1 gray, 3 RGB, 4 RGBA) for image folders and image columns. @default the first image's */
    channels: z.number().int().min(1).max(4).optional(),
    /** CIFAR-100 label kind. @default 'fine' */
    labelMode: z.enum(['fine', 'coarse']).optional(),
    /** Class names, index = label (overrides what the files say). */
    classes: z.array(z.string()).optional(),
  })
  .refine((o) => o.path !== undefined || o.splits !== undefined, {
    message: 'give path or splits',
  });

/** Options of the `local` source (after validation). */
export type LocalOptions = z.output<typeof localOptionsSchema>;

async function readLocal(options: LocalOptions, format: LocalFormat): Promise<LocalRead> {
  switch (format) {
    case 'npz':
      return readWholeFile('npz', options.path!, options);
    case 'arrow':
      if (options.splits === undefined) return readWholeFile('arrow', options.path!, options);
      break;
    case 'parquet':
      return readLocalParquet(options);
    case 'hdf5': {
      const { readHdf5 } = await import('../hdf5.js');
      return readHdf5(
        options.path!,
        options.splits === undefined ? {} : { splits: options.splits },
      );
    }
    case 'cifar':
      return readLocalCifar(options);
    case 'imageFolder':
      return readImageFolder(
        options.path!,
        options.channels === undefined ? {} : { channels: options.channels },
      );
    default:
      break;
  }
  const refs = options.splits ?? { train: { x: options.path! } };
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  let classes: readonly string[] | undefined;
  for (const name of ['train', 'val', 'test'] as const) {
    const ref = refs[name];
    if (ref === undefined) continue;
    if (format !== 'npy' && format !== 'idx' && format !== 'csv' && format !== 'arrow') {
      throw new ValidationError(
        'INVALID_CONFIG',
        `format ${format} reads one path, not per-split files`,
        { scope: SCOPE },
      );
    }
    const read = readSplitFiles(format, ref, options);
    splits[name] = read.split;
    classes ??= read.classes;
  }
  return classes === undefined ? { splits } : { splits, classes };
}

/**
 * The `local` source: npy, npz, IDX, CSV, Arrow IPC and more from files on disk, by `path` (one file
 * or folder) or `splits` (files per split). The format is guessed from the name unless given.
 */
export function localSource(): SourceAdapter<LocalOptions> {
  return {
    name: 'local',
    optionsSchema: localOptionsSchema,
    async load(options, context = {}) {
      throwIfAborted(context.signal, SCOPE);
      const first = options.path ?? options.splits?.train.x ?? '';
      const format = options.format ?? detectFormat(first);
      const read = await readLocal(options, format);
      throwIfAborted(context.signal, SCOPE);
      const classes = options.classes ?? read.classes;
      const dataset: Dataset = {
        ...read.splits,
        train: read.splits.train!,
        metadata: {
          name: options.name,
          source: 'local',
          ...(classes ? { classes } : {}),
          extra: { format, path: first },
        },
      };
      return dataset;
    },
    stream(options, split, batchSize, context = {}) {
      const format = options.format ?? detectFormat(options.path ?? options.splits?.train.x ?? '');
      return streamLocal(
        options,
        format,
        split,
        batchSize,
        context,
        async () => (await readLocal(options, format)).splits,
      );
    },
  };
}
