import {
  createDataset,
  type Dataset,
  type DatasetConfig,
  type DatasetInfo,
  datasetConfigSchema,
  type LongWorkOptions,
  parseWithSchema,
  type Registry,
  type ResolvedDatasetConfig,
  type SourceLoadContext,
  ValidationError,
} from '@qstore/core';
import { applyPreprocessing } from './prep/preprocessing/applyPreprocessing.js';
import { resplitDataset } from './prep/splits/resplitDataset.js';
import { type AnySourceAdapter, defaultSourceRegistry } from './sourceRegistry.js';

/** Options of {@link loadDataset} and {@link listDatasets}. */
export interface LoadDatasetOptions extends LongWorkOptions {
  /** The registry to pick the source from. @default defaultSourceRegistry() */
  registry?: Registry<AnySourceAdapter>;
}

/** A validated config, its adapter and the adapter's validated options. */
export interface ResolvedSource {
  readonly config: ResolvedDatasetConfig;
  readonly adapter: AnySourceAdapter;
  readonly sourceOptions: unknown;
  readonly context: SourceLoadContext;
}

/**
 * Validates a config (zod), picks its source adapter (an unknown name lists the registered ones)
 * and validates `{ name, ...sourceParams }` with the adapter's own schema.
 */
export function resolveSource(
  config: DatasetConfig,
  options: LoadDatasetOptions = {},
): ResolvedSource {
  const resolved = parseWithSchema(datasetConfigSchema, config, {
    scope: 'data',
    what: 'DatasetConfig',
  });
  const adapter = (options.registry ?? defaultSourceRegistry()).get(resolved.source);
  const sourceOptions = parseWithSchema(
    adapter.optionsSchema,
    { name: resolved.name, ...resolved.sourceParams },
    { scope: `data/${adapter.name}`, what: `${adapter.name} source options` },
  );
  const context: SourceLoadContext = {};
  if (resolved.cacheDir !== undefined) context.cacheDir = resolved.cacheDir;
  if (options.signal !== undefined) context.signal = options.signal;
  if (options.onProgress !== undefined) context.onProgress = options.onProgress;
  return { config: resolved, adapter, sourceOptions, context };
}

/**
 * Loads a dataset from any registered source: `loadDataset({ source: 'keras', name: 'mnist' })`.
 * The result is checked (`createDataset`) and gets a `load` lineage step. When the config names
 * `split` ratios, every split the source gave is pooled and split again under the config's `seed`
 * (stratified by label when the labels allow; see {@link resplitDataset}). Then the config's
 * `preprocessing` steps are fitted on the train split and applied to every split, each recorded in
 * the lineage (see {@link applyPreprocessing} and `PREPROCESSING_OPS` for the steps).
 */
export async function loadDataset(
  config: DatasetConfig,
  options: LoadDatasetOptions = {},
): Promise<Dataset> {
  const { config: resolved, adapter, sourceOptions, context } = resolveSource(config, options);
  const dataset = createDataset(await adapter.load(sourceOptions, context));
  const step = {
    operation: 'load',
    params: { source: resolved.source, name: resolved.name },
    at: new Date().toISOString(),
  };
  const loaded: Dataset = {
    ...dataset,
    metadata: { ...dataset.metadata, lineage: [...(dataset.metadata.lineage ?? []), step] },
  };
  const split =
    resolved.split === undefined
      ? loaded
      : resplitDataset(loaded, { ratios: resolved.split, seed: resolved.seed });
  return applyPreprocessing(split, resolved.preprocessing, { seed: resolved.seed });
}

/** The datasets a source can list; throws `INVALID_ARGUMENT` when the source cannot list. */
export async function listDatasets(
  source: string,
  options: LoadDatasetOptions = {},
): Promise<readonly DatasetInfo[]> {
  const adapter = (options.registry ?? defaultSourceRegistry()).get(source);
  if (adapter.list === undefined) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `source "${source}" cannot list its datasets; pass a dataset name to loadDataset`,
      { scope: 'data' },
    );
  }
  const context: SourceLoadContext = {};
  if (options.signal !== undefined) context.signal = options.signal;
  if (options.onProgress !== undefined) context.onProgress = options.onProgress;
  return adapter.list(context);
}
