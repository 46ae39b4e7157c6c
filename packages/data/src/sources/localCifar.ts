import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { DataSplit, SampleBatch, SplitName, Tensor } from '@qstore/core';
import { parseCifarRecords } from '../formats/cifar.js';
import { batchCifarRows, CifarBatcher } from '../formats/cifarBatcher.js';
import { streamCifarRecordRows } from '../formats/cifarRecordRows.js';
import { walkTarMembers } from '../formats/tarStream.js';
import { ByteReader, fileRangeSource, openByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { ioError, readBytes, throwIfAborted } from '../internal/io.js';
import { type CifarArchive, readCifar10, readCifar100 } from './kerasCifar.js';
import { streamCifar } from './kerasCifarStream.js';
import type { FileRef, LocalRead } from './localReaders.js';

const SCOPE = 'data/local';

/** What the `local` source needs to read CIFAR files: where they are and which labels. */
export interface LocalCifarOptions {
  readonly path?: string | undefined;
  readonly splits?: Partial<Record<SplitName, FileRef>> | undefined;
  readonly labelMode?: 'fine' | 'coarse' | undefined;
}

/** Which of Toronto's archives a `.tar.gz` is, from its first member's folder. */
const ARCHIVES: Record<string, { name: 'cifar10' | 'cifar100'; archive: CifarArchive }> = {
  'cifar-10-batches-py': { name: 'cifar10', archive: 'python' },
  'cifar-10-batches-bin': { name: 'cifar10', archive: 'binary' },
  'cifar-100-python': { name: 'cifar100', archive: 'python' },
  'cifar-100-binary': { name: 'cifar100', archive: 'binary' },
};

const isArchive = (path: string) => /\.(tar\.gz|tgz)$/i.test(path);

/**
 * The record layout of a `.bin` file: CIFAR-100's (two label bytes, coarse then fine) for
 * `train.bin`/`test.bin` or when `labelMode` is given, else CIFAR-10's (one label byte).
 */
function recordLayout(path: string, labelMode: LocalCifarOptions['labelMode']) {
  const c100 = labelMode !== undefined || /^(train|test)\.bin$/i.test(basename(path));
  return c100
    ? { labelBytes: 2 as const, labelIndex: labelMode === 'coarse' ? 0 : 1, int64: true }
    : { labelBytes: 1 as const, labelIndex: 0, int64: false };
}

/** Reads the first member's name of a CIFAR `.tar.gz` and tells which archive it is. */
async function archiveKind(path: string) {
  const reader = await openByteReader(path, SCOPE);
  let first = '';
  try {
    for await (const member of walkTarMembers(reader, () => true, Number.MAX_SAFE_INTEGER)) {
      first = member.name;
      break;
    }
  } finally {
    await reader.close();
  }
  const kind = ARCHIVES[first.split('/')[0] ?? ''];
  if (kind === undefined)
    throw formatError(
      SCOPE,
      path,
      `is not one of Toronto's CIFAR archives (its first member is '${first}'; expected one under ${Object.keys(ARCHIVES).join(', ')})`,
      'UNSUPPORTED_FORMAT',
    );
  return kind;
}

/** One `.bin` file of records as a split: x `(n, 32, 32, 3)` uint8, y `(n, 1)` as Keras types it. */
function readRecordsSplit(path: string, labelMode: LocalCifarOptions['labelMode']): DataSplit {
  const layout = recordLayout(path, labelMode);
  const { x, labels } = parseCifarRecords(readBytes(path, SCOPE), path, layout);
  const n = labels.length;
  const y = (
    layout.int64
      ? { dtype: 'int64', shape: [n, 1], data: BigInt64Array.from(labels, (l) => BigInt(l)) }
      : { dtype: 'uint8', shape: [n, 1], data: labels }
  ) as Tensor;
  return { x, y };
}

/**
 * CIFAR for the `local` source, loaded whole: one of Toronto's `.tar.gz` archives (python or
 * binary, CIFAR-10 or -100, told apart by their member folders; train and test splits and class
 * names as the `keras` source reads them), or `.bin` record files (`path`: the train split;
 * `splits`: one file per split).
 */
export async function readLocalCifar(options: LocalCifarOptions): Promise<LocalRead> {
  const path = options.path;
  if (path !== undefined && isArchive(path)) {
    const { name, archive } = await archiveKind(path);
    const { classes, ...splits } =
      name === 'cifar10'
        ? await readCifar10(path, archive)
        : await readCifar100(path, { archive, labelMode: options.labelMode ?? 'fine' });
    return { splits, classes };
  }
  const refs = options.splits ?? { train: { x: path! } };
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  for (const [split, ref] of Object.entries(refs) as [SplitName, FileRef | undefined][])
    if (ref !== undefined) splits[split] = readRecordsSplit(ref.x, options.labelMode);
  return { splits };
}

/**
 * Streams one split of {@link readLocalCifar}'s files in batches of at most `batchSize` rows:
 * archives through the `keras` source's tar stream, `.bin` files with positioned reads of 256
 * records at a time. Memory: one batch plus ≈ 1 MiB.
 */
export async function* streamLocalCifar(
  options: LocalCifarOptions,
  split: string,
  batchSize: number,
  signal?: AbortSignal,
): AsyncGenerator<SampleBatch> {
  const path = options.path;
  if (path !== undefined && isArchive(path)) {
    if (split !== 'train' && split !== 'test')
      throw formatError(SCOPE, path, `has no ${split} split (CIFAR archives hold train and test)`);
    const kind = await archiveKind(path);
    const labelMode = options.labelMode ?? 'fine';
    yield* streamCifar(path, {
      ...kind,
      split,
      labelMode,
      batchSize,
      ...(signal ? { signal } : {}),
    });
    return;
  }
  const ref = (options.splits as Record<string, FileRef | undefined> | undefined)?.[split];
  const file = ref?.x ?? (split === 'train' && options.splits === undefined ? path : undefined);
  if (file === undefined)
    throw formatError(SCOPE, path ?? options.splits?.train?.x ?? '', `has no ${split} split`);
  const layout = recordLayout(file, options.labelMode);
  const size = (
    await stat(file).catch((error: unknown) => {
      throw ioError(error, file, SCOPE);
    })
  ).size;
  const reader = new ByteReader(fileRangeSource(file, { scope: SCOPE }), file);
  const batcher = new CifarBatcher(batchSize, layout.int64);
  try {
    const body = { file, size, readInto: (out: Uint8Array) => reader.readInto(out) };
    yield* batchCifarRows(streamCifarRecordRows(body, layout), batcher, () =>
      throwIfAborted(signal, SCOPE),
    );
  } finally {
    await reader.close();
  }
  const last = batcher.take();
  if (last !== undefined) yield last;
}
