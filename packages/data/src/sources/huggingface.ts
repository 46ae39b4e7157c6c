import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DataSplit,
  type Dataset,
  type SourceAdapter,
  type SourceLoadContext,
  type SplitName,
  ValidationError,
} from '@qstore/core';
import { type AsyncBuffer, asyncBufferFromFile } from 'hyparquet';
import { z } from 'zod';
import { type ParquetSplitOptions, readParquetSplit } from '../formats/parquet.js';
import { concatSplits } from '../internal/concatSplits.js';
import { downloadFile } from '../internal/download.js';
import { throwIfAborted } from '../internal/io.js';
import {
  type HubConnection,
  type HubParquetFile,
  hubCacheDir,
  hubHeaders,
  listHubParquet,
  remoteBuffer,
  resolveUrl,
} from './hfHub.js';

const SCOPE = 'data/huggingface';
const CONVERTED = 'refs/convert/parquet';

/** The zod schema of the `huggingface` source's options. */
export const huggingfaceOptionsSchema = z.object({
  /** The dataset id on the Hub, e.g. `zalando-datasets/fashion_mnist`. */
  name: z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/, 'expected a Hub dataset id like org/name'),
  /** The config (subset); needed when the dataset has several. */
  config: z.string().optional(),
  /** Load only this split (`train`, `test`, `validation`, …); default every split. */
  split: z.string().optional(),
  /** Branch, tag or commit. @default 'main' (then `refs/convert/parquet` when main has no Parquet) */
  revision: z.string().min(1).optional(),
  /** Access token for gated or private datasets. @default process.env.HF_TOKEN */
  token: z.string().min(1).optional(),
  /** The Hub's address. @default process.env.HF_ENDPOINT or https://huggingface.co */
  endpoint: z.string().url().optional(),
  /** Read only rows `[start, end)` of each split, by HTTP range requests (nothing is cached). */
  rows: z.object({ start: z.number().int().min(0), end: z.number().int().positive() }).optional(),
  /** The image column. @default the `Image` feature */
  imageColumn: z.string().optional(),
  /** The label column. @default the `ClassLabel` feature */
  labelColumn: z.string().optional(),
  /** Image channels. @default the first image's */
  channels: z.number().int().min(1).max(4).optional(),
});

/** Options of the `huggingface` source (after validation). */
export type HuggingfaceOptions = z.output<typeof huggingfaceOptionsSchema>;

const SPLIT_ALIASES: Record<string, SplitName> = {
  train: 'train',
  validation: 'val',
  valid: 'val',
  val: 'val',
  dev: 'val',
  test: 'test',
};

async function pickFiles(
  options: HuggingfaceOptions,
  hub: HubConnection,
): Promise<{ revision: string; files: HubParquetFile[] }> {
  let revision = options.revision ?? 'main';
  let files = await listHubParquet(options.name, revision, hub);
  if (files.length === 0 && options.revision === undefined) {
    revision = CONVERTED;
    files = await listHubParquet(options.name, revision, hub);
  }
  const configs = [...new Set(files.map((f) => f.config))].sort();
  const config = options.config ?? (configs.length === 1 ? configs[0] : undefined);
  if (config === undefined || !configs.includes(config)) {
    throw new ValidationError(
      'INVALID_CONFIG',
      `${options.name}@${revision}: ${configs.length === 0 ? 'has no Parquet files' : `choose a config with sourceParams.config: ${configs.join(', ')}`}`,
      { scope: SCOPE, details: { configs } },
    );
  }
  const chosen = files.filter(
    (f) => f.config === config && (options.split === undefined || f.split === options.split),
  );
  if (chosen.length === 0) {
    const splits = [...new Set(files.filter((f) => f.config === config).map((f) => f.split))];
    throw new ValidationError(
      'INVALID_CONFIG',
      `${options.name}: config ${config} has no split ${options.split}; it has ${splits.join(', ')}`,
      { scope: SCOPE },
    );
  }
  return { revision, files: chosen };
}

interface Session {
  readonly hub: HubConnection;
  readonly revision: string;
  readonly files: HubParquetFile[];
  readonly cacheRoot: string;
}

async function open(options: HuggingfaceOptions, context: SourceLoadContext): Promise<Session> {
  throwIfAborted(context.signal, SCOPE);
  const token = options.token ?? process.env['HF_TOKEN'];
  const endpoint = options.endpoint ?? process.env['HF_ENDPOINT'] ?? 'https://huggingface.co';
  const hub: HubConnection = {
    endpoint: endpoint.replace(/\/$/, ''),
    ...(token ? { token } : {}),
    ...(context.signal ? { signal: context.signal } : {}),
  };
  const { revision, files } = await pickFiles(options, hub);
  const repo = `datasets--${options.name.replace('/', '--')}`;
  const cacheRoot = join(
    context.cacheDir ?? hubCacheDir(),
    repo,
    'snapshots',
    encodeURIComponent(revision),
  );
  return { hub, revision, files, cacheRoot };
}

/** The file from the cache; downloaded into it first when `download`, else read by range requests. */
async function fileBuffer(
  session: Session,
  file: HubParquetFile,
  options: HuggingfaceOptions & { download: boolean },
  context: SourceLoadContext,
): Promise<{ buffer: AsyncBuffer; url: string }> {
  const url = resolveUrl(options.name, session.revision, file.path, session.hub);
  const local = join(session.cacheRoot, file.path);
  if (!existsSync(local) && !options.download)
    return { buffer: remoteBuffer(url, file.size, session.hub), url };
  if (!existsSync(local)) {
    await downloadFile({
      url,
      dest: local,
      scope: SCOPE,
      headers: hubHeaders(session.hub),
      ...(file.sha256 ? { hash: file.sha256 } : {}),
      ...(context.signal ? { signal: context.signal } : {}),
      ...(context.onProgress ? { onProgress: context.onProgress } : {}),
    });
  }
  return { buffer: await asyncBufferFromFile(local), url };
}

function columnOptions(options: HuggingfaceOptions): ParquetSplitOptions {
  return {
    ...(options.imageColumn ? { imageColumn: options.imageColumn } : {}),
    ...(options.labelColumn ? { labelColumn: options.labelColumn } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
  };
}

/**
 * The `huggingface` source: a dataset's Parquet files, listed through the Hub's tree API, read with
 * hyparquet. Whole splits are downloaded once into the Hub cache (`$HF_HUB_CACHE`, checked against
 * the LFS sha256); `rows` reads a slice by range requests without downloading whole files; `stream`
 * reads batch by batch (from the cache, or by range requests), never holding a whole file.
 */
export function huggingfaceSource(): SourceAdapter<HuggingfaceOptions> {
  return {
    name: 'huggingface',
    optionsSchema: huggingfaceOptionsSchema,
    async load(options, context = {}) {
      const session = await open(options, context);
      const parts = new Map<string, DataSplit[]>();
      let classes: readonly string[] | undefined;
      for (const file of session.files) {
        throwIfAborted(context.signal, SCOPE);
        const { buffer, url } = await fileBuffer(
          session,
          file,
          { ...options, download: options.rows === undefined },
          context,
        );
        const rows = options.rows ? { rowStart: options.rows.start, rowEnd: options.rows.end } : {};
        const read = await readParquetSplit(buffer, url, { ...rows, ...columnOptions(options) });
        classes ??= read.classes;
        parts.set(file.split, [...(parts.get(file.split) ?? []), read.split]);
      }
      const splits: Partial<Record<SplitName, DataSplit>> = {};
      // one requested split becomes the dataset's train split, whatever the Hub calls it
      if (options.split !== undefined) splits.train = concatSplits(parts.get(options.split)!);
      else
        for (const [name, list] of parts) {
          const target = SPLIT_ALIASES[name] ?? (splits.train === undefined ? 'train' : undefined);
          if (target !== undefined && splits[target] === undefined)
            splits[target] = concatSplits(list);
        }
      const { revision, files, hub } = session;
      const extra = {
        revision,
        ...(options.split ? { split: options.split } : {}),
        files: files.map((f) => f.path),
        endpoint: hub.endpoint,
      };
      const dataset: Dataset = {
        ...splits,
        train: splits.train ?? concatSplits([...parts.values()][0]!),
        metadata: {
          name: options.name,
          source: 'huggingface',
          ...(classes ? { classes } : {}),
          extra,
        },
      };
      return dataset;
    },
    async *stream(options, split, batchSize, context = {}) {
      const session = await open(options, context);
      const wanted = session.files.filter((f) =>
        options.split !== undefined
          ? split === 'train'
          : f.split === split || SPLIT_ALIASES[f.split] === split,
      );
      if (wanted.length === 0)
        throw new ValidationError(
          'INVALID_ARGUMENT',
          `${options.name} has no ${split} split; it has ${[...new Set(session.files.map((f) => f.split))].join(', ')}`,
          { scope: SCOPE },
        );
      let offset = 0;
      for (const file of wanted) {
        const { buffer, url } = await fileBuffer(
          session,
          file,
          { ...options, download: false },
          context,
        );
        for (let start = 0; ; start += batchSize) {
          throwIfAborted(context.signal, SCOPE);
          const read = await readParquetSplit(buffer, url, {
            ...columnOptions(options),
            rowStart: start,
            rowEnd: start + batchSize,
          });
          const rows = read.split.x.shape[0]!;
          if (rows > 0) yield { ...read.split, offset };
          offset += rows;
          if (start + batchSize >= read.numRows) break;
        }
      }
    },
  };
}
