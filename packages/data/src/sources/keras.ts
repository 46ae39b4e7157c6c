import {
  type DatasetInfo,
  type SourceAdapter,
  type SourceLoadContext,
  ValidationError,
} from '@qstore/core';
import { z } from 'zod';
import { streamArrayPair, streamIdxRows } from '../formats/arrayStream.js';
import { streamNpzSplit } from '../formats/npzStream.js';
import { openByteReader } from '../internal/byteReader.js';
import { throwIfAborted } from '../internal/io.js';
import { sliceBatches } from '../internal/sliceBatches.js';
import { ensureKerasFile, kerasDatasetsDir } from './kerasCache.js';
import { streamCifar } from './kerasCifarStream.js';
import { KERAS_DATASETS } from './kerasDatasets.js';
import { textSequences } from './kerasText.js';
import { streamSequences } from './kerasTextStream.js';

const SCOPE = 'data/keras';

/** The zod schema of the `keras` source's options. */
export const kerasOptionsSchema = z.object({
  /** Keras' dataset name, e.g. `mnist`, `fashion_mnist`, `cifar10`, `boston_housing`. */
  name: z.enum(Object.keys(KERAS_DATASETS) as [string, ...string[]]),
  /** Replaces the origin of every download URL (a mirror, or a test server). */
  mirror: z.string().url().optional(),
  /** Check the hashes Keras checks. @default true */
  verifyHash: z.boolean().default(true),
  /** Never download: use only files already in the cache. @default false */
  offline: z.boolean().default(false),
  /** Seed of Keras' shuffle for boston_housing and california_housing. @default 113 */
  seed: z
    .number()
    .int()
    .min(0)
    .max(2 ** 32 - 1)
    .default(113),
  /** Fraction of rows held out for the test split (boston_housing, california_housing). @default 0.2 */
  testSplit: z.number().min(0).lt(1).default(0.2),
  /** california_housing: `large` (20,640 rows) or `small` (the first 600). @default 'large' */
  version: z.enum(['large', 'small']).default('large'),
  /** imdb, reuters: keep only the most frequent words (indices below this). @default every word */
  numWords: z.number().int().positive().optional(),
  /** imdb, reuters: replace the most frequent words (indices below this) by `oovChar`. @default 0 */
  skipTop: z.number().int().min(0).default(0),
  /** imdb, reuters: drop sequences of this length or longer (as Keras does). @default none */
  maxlen: z.number().int().positive().optional(),
  /** imdb, reuters: index marking the start of a sequence; `null` for none. @default 1 */
  startChar: z.number().int().min(0).nullable().default(1),
  /** imdb, reuters: index of dropped words; `null` removes them. @default 2 */
  oovChar: z.number().int().min(0).nullable().default(2),
  /** imdb, reuters: offset added to every word index. @default 3 */
  indexFrom: z.number().int().min(0).default(3),
  /** cifar100: `fine` (100 classes) or `coarse` (20). @default 'fine' */
  labelMode: z.enum(['fine', 'coarse']).default('fine'),
  /**
   * cifar10, cifar100: which Toronto archive to read: `python` (the pickled
   * `cifar-*-python.tar.gz` Keras downloads, in Keras' cache names) or `binary` (the pickle-free
   * `cifar-*-binary.tar.gz`). @default 'python'
   */
  cifarArchive: z.enum(['python', 'binary']).default('python'),
});

/** Options of the `keras` source (after validation). */
export type KerasOptions = z.output<typeof kerasOptionsSchema>;

async function ensureFiles(options: KerasOptions, context: SourceLoadContext): Promise<string[]> {
  throwIfAborted(context.signal, SCOPE);
  const dir = context.cacheDir ?? kerasDatasetsDir();
  const paths: string[] = [];
  for (const file of KERAS_DATASETS[options.name]!.files(options)) {
    paths.push(
      await ensureKerasFile(file, {
        dir,
        verify: options.verifyHash,
        offline: options.offline,
        scope: SCOPE,
        ...(options.mirror ? { mirror: options.mirror } : {}),
        ...(context.signal ? { signal: context.signal } : {}),
        ...(context.onProgress ? { onProgress: context.onProgress } : {}),
      }),
    );
  }
  throwIfAborted(context.signal, SCOPE);
  return paths;
}

/**
 * The `keras` source: the datasets of `keras.datasets` from the same URLs, into the same cache
 * (`$KERAS_HOME/datasets` or `~/.keras/datasets`, so a Python user's downloads are reused), with the
 * same hash checks, shapes, dtypes, order and seed-113 shuffles. `SourceLoadContext.cacheDir`
 * replaces the cache folder.
 */
export function kerasSource(): SourceAdapter<KerasOptions> {
  return {
    name: 'keras',
    optionsSchema: kerasOptionsSchema,
    async load(options, context = {}) {
      const spec = KERAS_DATASETS[options.name]!;
      const paths = await ensureFiles(options, context);
      const { classes, ...splits } = await spec.read(paths, options);
      return {
        ...splits,
        metadata: {
          name: options.name,
          source: 'keras',
          description: spec.description,
          ...(classes ? { classes } : {}),
          extra: { files: paths },
        },
      };
    },
    async *stream(options, split, batchSize, context = {}) {
      const paths = await ensureFiles(options, context);
      if (options.name === 'fashion_mnist' && (split === 'train' || split === 'test')) {
        // cached gzipped IDX files stream row by row: memory stays near one batch
        const [labels, images] =
          split === 'train' ? [paths[0]!, paths[1]!] : [paths[2]!, paths[3]!];
        const open = async (path: string) => streamIdxRows(await openByteReader(path, SCOPE));
        yield* streamArrayPair(open, { x: images, y: labels }, batchSize, context.signal);
        return;
      }
      if (options.name === 'mnist' && (split === 'train' || split === 'test')) {
        // mnist.npz streams member by member through the npz reader
        yield* streamNpzSplit(paths[0]!, {
          split,
          batchSize,
          ...(context.signal ? { signal: context.signal } : {}),
        });
        return;
      }
      if (
        (options.name === 'cifar10' || options.name === 'cifar100') &&
        (split === 'train' || split === 'test')
      ) {
        // the gzipped tarball is walked member by member, each streamed row by row: memory stays
        // near one batch
        yield* streamCifar(paths[0]!, {
          name: options.name,
          archive: options.cifarArchive,
          split,
          labelMode: options.labelMode,
          batchSize,
          ...(context.signal ? { signal: context.signal } : {}),
        });
        return;
      }
      if (
        (options.name === 'imdb' || options.name === 'reuters') &&
        (split === 'train' || split === 'test')
      ) {
        // the seed-113 shuffle needs every sequence first: the split's are held as int32 rows
        // (not padded), and each batch is padded to the split's width
        yield* streamSequences(
          textSequences(options.name, paths[0]!, options)[split],
          batchSize,
          context.signal,
        );
        return;
      }
      // boston_housing, california_housing: small files whose seed-113 shuffle needs every row
      const data = (await KERAS_DATASETS[options.name]!.read(paths, options))[
        split as 'train' | 'test'
      ];
      if (data === undefined)
        throw new ValidationError(
          'INVALID_ARGUMENT',
          `keras dataset ${options.name} has no ${split} split; it has train and test`,
          { scope: SCOPE },
        );
      yield* sliceBatches(data, batchSize, context.signal);
    },
    async list() {
      return Object.entries(KERAS_DATASETS).map(
        ([name, spec]): DatasetInfo => ({ name, description: spec.description }),
      );
    },
  };
}
