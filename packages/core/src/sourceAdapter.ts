import type { z } from 'zod';
import type { Dataset } from './dataset.js';
import type { LongWorkOptions } from './progress.js';
import type { Tensor } from './tensor.js';

/** What a source knows about one dataset it can load. */
export interface DatasetInfo {
  readonly name: string;
  readonly description?: string;
  /** Per-split sample counts and input shapes, when known without loading. */
  readonly splits?: Readonly<
    Record<string, { readonly samples?: number; readonly shape?: readonly number[] }>
  >;
  readonly classes?: readonly string[];
}

/** Options every `load` and `stream` call receives from the loader besides the source's own. */
export interface SourceLoadContext extends LongWorkOptions {
  /** Where downloaded or decoded files may be cached; sources choose a default when absent. */
  cacheDir?: string;
}

/** A bounded batch of samples streamed from a source. */
export interface SampleBatch {
  readonly x: Tensor;
  readonly y?: Tensor;
  /** The index of the first sample of the batch in its split. */
  readonly offset: number;
}

/**
 * A source of datasets (Keras archives, the Hugging Face Hub, local files, a Backend API, or a
 * user's own). `optionsSchema` validates the `sourceParams` of a `DatasetConfig` before `load`.
 */
export interface SourceAdapter<Options = Record<string, unknown>> {
  /** The name config uses to pick the source, e.g. `"keras"`. */
  readonly name: string;
  /** Validates and fills defaults of the options `load` receives. */
  readonly optionsSchema: z.ZodType<Options>;
  /** Loads a whole dataset. */
  load(options: Options, context?: SourceLoadContext): Promise<Dataset>;
  /** The datasets this source offers, when it can tell. */
  list?(context?: SourceLoadContext): Promise<readonly DatasetInfo[]>;
  /** Streams one split in bounded batches instead of materialising it. */
  stream?(
    options: Options,
    split: string,
    batchSize: number,
    context?: SourceLoadContext,
  ): AsyncIterable<SampleBatch>;
  /** Releases files, sockets or workers the source holds. */
  dispose?(): Promise<void> | void;
}
