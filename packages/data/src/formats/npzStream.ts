import { NotFoundError, type SampleBatch } from '@qstore/core';
import { ByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { type ArrayRowStream, streamArrayPair, streamNpyRows } from './arrayStream.js';
import { listZipFile, storedEntrySource, zipEntryChunks } from './zipFile.js';

const SCOPE = 'data/npz';

/** Which arrays of an `.npz` hold one split's features and targets. */
export interface NpzSplitKeys {
  readonly x: string;
  readonly y?: string;
}

/** Options of {@link streamNpzSplit}. */
export interface StreamNpzOptions {
  /** Rows per batch. */
  readonly batchSize: number;
  /** The split: its arrays are `x_<split>`/`y_<split>` (or `x`/`y` for train) unless `keys` says. */
  readonly split: string;
  /** Array names of the features and targets. */
  readonly keys?: NpzSplitKeys;
  readonly signal?: AbortSignal;
}

/** Picks a split's arrays among an archive's keys, as the `local` source's npz reader does. */
function splitKeys(present: readonly string[], split: string, file: string): NpzSplitKeys {
  const has = (key: string) => present.includes(key);
  if (has(`x_${split}`))
    return { x: `x_${split}`, ...(has(`y_${split}`) ? { y: `y_${split}` } : {}) };
  if (split === 'train' && has('x')) return { x: 'x', ...(has('y') ? { y: 'y' } : {}) };
  throw formatError(
    SCOPE,
    file,
    `holds ${present.join(', ')}; expected x_${split} (and y_${split}) or x and y, or pass sourceParams.keys`,
  );
}

/**
 * Streams one split of an `.npz` archive in batches of at most `batchSize` rows without reading
 * the archive whole: the central directory is read from the file's end, then each member is read
 * with positioned reads straight into each batch (stored) or inflated incrementally (deflated), its npy header parsed and its rows
 * emitted. Memory stays near one batch plus one 1 MiB chunk per array. Every member's size and
 * CRC-32 are checked when it ends; a missing array throws `NOT_FOUND` listing the present ones.
 */
export async function* streamNpzSplit(
  path: string,
  options: StreamNpzOptions,
): AsyncGenerator<SampleBatch> {
  const entries = (await listZipFile(path)).filter((e) => e.name.endsWith('.npy'));
  const present = entries.map((e) => e.name.slice(0, -4));
  const keys = options.keys ?? splitKeys(present, options.split, path);
  const open = async (key: string): Promise<ArrayRowStream> => {
    const entry = entries.find((e) => e.name === `${key}.npy`);
    if (entry === undefined)
      throw new NotFoundError(
        'NOT_FOUND',
        `${path}: has no array "${key}"; it holds ${present.join(', ') || 'no arrays'}`,
        { scope: SCOPE, details: { file: path } },
      );
    const bytes = entry.method === 0 ? storedEntrySource(path, entry) : zipEntryChunks(path, entry);
    return streamNpyRows(new ByteReader(bytes, `${path}:${entry.name}`));
  };
  yield* streamArrayPair(open, keys, options.batchSize, options.signal);
}
