import type { SampleBatch } from '@qstore/core';
import { batchCifarRows, CifarBatcher, type CifarRows } from '../formats/cifarBatcher.js';
import { streamCifarPickleRows } from '../formats/cifarPickleStream.js';
import { streamCifarRecordRows } from '../formats/cifarRecordRows.js';
import { walkTarMembers } from '../formats/tarStream.js';
import { type ByteBody, openByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { throwIfAborted } from '../internal/io.js';
import type { CifarArchive } from './kerasCifar.js';

const SCOPE = 'data/keras';
/** The largest member read (CIFAR-100's `train` is ≈ 150 MiB); a larger size field is refused. */
export const MAX_MEMBER_BYTES = 2 ** 30;

/** Options of {@link streamCifar}. */
export interface StreamCifarOptions {
  readonly name: 'cifar10' | 'cifar100';
  readonly archive: CifarArchive;
  readonly split: 'train' | 'test';
  /** cifar100: which labels. */
  readonly labelMode: 'fine' | 'coarse';
  readonly batchSize: number;
  readonly signal?: AbortSignal;
}

/** The members holding a split, in Keras' order, and how to stream one's rows. */
export function cifarSplitLayout(
  o: Pick<StreamCifarOptions, 'name' | 'archive' | 'split' | 'labelMode'>,
): {
  members: string[];
  rows: (body: ByteBody) => AsyncIterable<CifarRows>;
} {
  const c10 = o.name === 'cifar10';
  const names = c10
    ? o.split === 'train'
      ? [1, 2, 3, 4, 5].map((i) => `data_batch_${i}`)
      : ['test_batch']
    : [o.split];
  if (o.archive === 'python') {
    const dir = c10 ? 'cifar-10-batches-py/' : 'cifar-100-python/';
    const labelKey = c10 ? 'labels' : `${o.labelMode}_labels`;
    return {
      members: names.map((n) => dir + n),
      rows: (body) => streamCifarPickleRows(body, labelKey),
    };
  }
  const dir = c10 ? 'cifar-10-batches-bin/' : 'cifar-100-binary/';
  const labelBytes = c10 ? 1 : 2;
  const labelIndex = c10 || o.labelMode === 'coarse' ? 0 : 1;
  return {
    members: names.map((n) => `${dir + n}.bin`),
    rows: (body) => streamCifarRecordRows(body, { labelBytes, labelIndex }),
  };
}

/**
 * Streams one split of a CIFAR archive as Keras' `load_data()` orders and lays it out (channels-last
 * x `(n, 32, 32, 3)` uint8; y `(n, 1)`, uint8 for CIFAR-10, int64 for CIFAR-100) in batches of at most
 * `batchSize` rows, without reading the archive or a member whole: the gzip stream is walked header
 * by header, the members of the split are streamed row by row (pickles parsed as they come, their
 * pixel string handed out in runs of rows; binary records read a few hundred at a time), the others
 * are skipped. Members the archive stores out of Keras' order cost another pass over the file.
 * Memory: one batch plus ≤ 5 MiB (gunzip chunks, one run of rows, the parser buffer), and the
 * labels of one member.
 */
export async function* streamCifar(
  path: string,
  options: StreamCifarOptions,
): AsyncGenerator<SampleBatch> {
  const { members, rows } = cifarSplitLayout(options);
  const batcher = new CifarBatcher(options.batchSize, options.name === 'cifar100');
  const check = () => throwIfAborted(options.signal, SCOPE);
  let next = 0;
  while (next < members.length) {
    const seen = new Set<string>();
    const reader = await openByteReader(path, SCOPE);
    try {
      const want = (name: string) => {
        seen.add(name);
        return name === members[next];
      };
      for await (const member of walkTarMembers(reader, want, MAX_MEMBER_BYTES)) {
        const body = { ...member, file: `${path}:${member.name}`, readInto: member.readInto };
        yield* batchCifarRows(rows(body), batcher, check);
        if (++next === members.length) break;
      }
    } finally {
      await reader.close();
    }
    if (next < members.length && !seen.has(members[next]!))
      throw formatError(SCOPE, path, `archive has no member ${members[next]}`);
  }
  const last = batcher.take();
  if (last !== undefined) yield last;
}
