import {
  type DatasetConfig,
  type SampleBatch,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import { sliceBatches } from './internal/sliceBatches.js';
import { type LoadDatasetOptions, resolveSource } from './loadDataset.js';

/** Options of {@link streamDataset} and {@link StreamingDataGenerator}. */
export interface StreamDatasetOptions extends LoadDatasetOptions {
  /** Rows per batch. */
  batchSize: number;
  /** The split to stream. @default 'train' */
  split?: SplitName;
}

/**
 * Streams one split of a dataset in batches of at most `batchSize` rows through the source's
 * `stream` (bounded memory for the formats that support it); a source without `stream` is loaded
 * whole and sliced.
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
  if (adapter.stream !== undefined) {
    yield* adapter.stream(sourceOptions, split, options.batchSize, context);
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
  yield* sliceBatches(data, options.batchSize, options.signal);
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
