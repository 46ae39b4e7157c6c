import {
  type DatasetConfig,
  type SampleBatch,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import { sliceBatches } from './internal/sliceBatches.js';
import { type LoadDatasetOptions, type ResolvedSource, resolveSource } from './loadDataset.js';
import type { FittedPreprocessing } from './prep/preprocessing/applyPreprocessing.js';

/** Options of {@link streamDataset} and {@link StreamingDataGenerator}. */
export interface StreamDatasetOptions extends LoadDatasetOptions {
  /** Rows per batch. */
  batchSize: number;
  /** The split to stream. @default 'train' */
  split?: SplitName;
  /**
   * Steps fitted beforehand (e.g. `fitPreprocessing` on the train split or a sample, or replayed from a loaded
   * dataset) applied to each batch's features. The config's own `split` and `preprocessing` are
   * not applied while streaming: they need the whole train split.
   */
  preprocessing?: Pick<FittedPreprocessing, 'transform'>;
}

/**
 * Streams one split of a dataset in batches of at most `batchSize` rows through the source's
 * `stream` (bounded memory for the formats that support it); a source without `stream` is loaded
 * whole and sliced. `options.preprocessing` transforms each batch's features.
 */
export async function* streamDataset(
  config: DatasetConfig,
  options: StreamDatasetOptions,
): AsyncGenerator<SampleBatch> {
  if (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `batchSize must be a positive integer; got ${options.batchSize}`,
      { scope: 'data' },
    );
  }
  const { adapter, sourceOptions, context } = resolveSource(config, options);
  const split = options.split ?? 'train';
  const fitted = options.preprocessing;
  const batches = streamSource({ adapter, sourceOptions, context }, split, options.batchSize);
  for await (const batch of batches)
    yield fitted === undefined ? batch : { ...batch, x: fitted.transform(batch.x) };
}

async function* streamSource(
  { adapter, sourceOptions, context }: Omit<ResolvedSource, 'config'>,
  split: SplitName,
  batchSize: number,
): AsyncGenerator<SampleBatch> {
  if (adapter.stream !== undefined) {
    yield* adapter.stream(sourceOptions, split, batchSize, context);
    return;
  }
  const dataset = await adapter.load(sourceOptions, context);
  const data = dataset[split];
  if (data === undefined)
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `dataset ${dataset.metadata.name} has no ${split} split`,
      { scope: 'data' },
    );
  yield* sliceBatches(data, batchSize, context.signal);
}

/**
 * The seed's `StreamingDataGenerator`: an async iterable over bounded batches of one split, which
 * can be iterated again (each iteration re-opens the source). `for await (const b of gen) …`
 */
export class StreamingDataGenerator implements AsyncIterable<SampleBatch> {
  readonly #config: DatasetConfig;
  readonly #options: StreamDatasetOptions;

  constructor(config: DatasetConfig, options: StreamDatasetOptions) {
    this.#config = config;
    this.#options = options;
  }

  [Symbol.asyncIterator](): AsyncIterator<SampleBatch> {
    return streamDataset(this.#config, this.#options);
  }
}
