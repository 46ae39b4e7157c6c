import type { SampleBatch, Tensor } from '@qstore/core';
import { planarToHwc } from '../formats/cifar.js';
import { readCifarPicklePlanar } from '../formats/cifarPickle.js';
import { walkTarStream } from '../formats/tarStream.js';
import { openByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import { throwIfAborted } from '../internal/io.js';
import type { CifarArchive } from './kerasCifar.js';

const SCOPE = 'data/keras';
const PIXELS = 3072;
/** The largest member read (CIFAR-100's `train` is ≈ 150 MiB); a larger size field is refused. */
const MAX_MEMBER_BYTES = 2 ** 30;

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

/** One member's rows: image `r` starts at `base + r * stride` of `src`, channel-planar. */
interface MemberRows {
  readonly src: Uint8Array;
  readonly base: number;
  readonly stride: number;
  readonly labels: ArrayLike<number>;
}

/** The members holding a split, in Keras' order, and how to read one. */
function layout(o: StreamCifarOptions): {
  members: string[];
  rows: (data: Uint8Array, file: string) => MemberRows;
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
      rows: (data, file) => {
        const { planar, labels } = readCifarPicklePlanar(data, file, labelKey);
        return { src: planar, base: 0, stride: PIXELS, labels };
      },
    };
  }
  const dir = c10 ? 'cifar-10-batches-bin/' : 'cifar-100-binary/';
  const labelBytes = c10 ? 1 : 2;
  const labelIndex = c10 || o.labelMode === 'coarse' ? 0 : 1;
  const stride = labelBytes + PIXELS;
  return {
    members: names.map((n) => `${dir + n}.bin`),
    rows: (data, file) => {
      if (data.length % stride !== 0)
        throw formatError(
          'data/cifar',
          file,
          `${data.length} bytes is not a whole number of ${stride}-byte CIFAR records`,
        );
      const labels = new Uint8Array(data.length / stride);
      for (let r = 0; r < labels.length; r++) labels[r] = data[r * stride + labelIndex]!;
      return { src: data, base: labelBytes, stride, labels };
    },
  };
}

/** Fills batches of `batchSize` channels-last rows across members; grows only below a batch. */
class CifarBatcher {
  #x = new Uint8Array(0);
  #y: Uint8Array | BigInt64Array;
  #fill = 0;
  #offset = 0;

  constructor(
    readonly batchSize: number,
    readonly int64: boolean,
  ) {
    this.#y = int64 ? new BigInt64Array(0) : new Uint8Array(0);
  }

  /** Adds rows `from..` of a member until the batch is full; returns the next row to add. */
  add(rows: MemberRows, from: number): number {
    const n = rows.labels.length;
    if (this.#fill === this.#x.length / PIXELS)
      this.#grow(Math.min(this.batchSize, this.#fill + n - from));
    const capacity = this.#x.length / PIXELS;
    let r = from;
    for (; r < n && this.#fill < capacity; r++, this.#fill++) {
      planarToHwc(rows.src, rows.base + r * rows.stride, this.#x, this.#fill * PIXELS);
      const label = rows.labels[r]!;
      if (this.int64) (this.#y as BigInt64Array)[this.#fill] = BigInt(label);
      else (this.#y as Uint8Array)[this.#fill] = label;
    }
    return r;
  }

  /** Whether the batch holds `batchSize` rows. */
  get full(): boolean {
    return this.#fill === this.batchSize;
  }

  /** Hands out the rows collected (none: `undefined`) and starts a new batch. */
  take(): SampleBatch | undefined {
    const n = this.#fill;
    if (n === 0) return undefined;
    const batch: SampleBatch = {
      x: { dtype: 'uint8', shape: [n, 32, 32, 3], data: this.#x.subarray(0, n * PIXELS) },
      y: {
        dtype: this.int64 ? 'int64' : 'uint8',
        shape: [n, 1],
        data: this.#y.subarray(0, n),
      } as Tensor,
      offset: this.#offset,
    };
    this.#offset += n;
    this.#fill = 0;
    this.#x = new Uint8Array(0);
    return batch;
  }

  #grow(rows: number): void {
    const x = new Uint8Array(rows * PIXELS);
    x.set(this.#x.subarray(0, this.#fill * PIXELS));
    const y = this.int64 ? new BigInt64Array(rows) : new Uint8Array(rows);
    y.set(this.#y.subarray(0, this.#fill) as never);
    this.#x = x;
    this.#y = y;
  }
}

/**
 * Streams one split of a CIFAR archive as Keras' `load_data()` orders and lays it out (channels-last
 * x `(n, 32, 32, 3)` uint8; y `(n, 1)`, uint8 for CIFAR-10, int64 for CIFAR-100) in batches of at most
 * `batchSize` rows, without reading the archive whole: the gzip stream is walked header by header,
 * each member of the split is read and unpickled alone, the others are skipped. Members the archive
 * stores out of Keras' order cost another pass over the file. Memory: one member (≈ 30 MiB for a
 * CIFAR-10 batch, ≈ 150 MiB for CIFAR-100's `train`) plus one batch.
 */
export async function* streamCifar(
  path: string,
  options: StreamCifarOptions,
): AsyncGenerator<SampleBatch> {
  const { members, rows } = layout(options);
  const batcher = new CifarBatcher(options.batchSize, options.name === 'cifar100');
  let next = 0;
  while (next < members.length) {
    const seen = new Set<string>();
    const reader = await openByteReader(path, SCOPE);
    try {
      const want = (name: string) => {
        seen.add(name);
        return name === members[next];
      };
      const walk = walkTarStream(reader, want, MAX_MEMBER_BYTES);
      for await (const member of walk) {
        const part = rows(member.data, `${path}:${member.name}`);
        for (let r = 0; r < part.labels.length; ) {
          throwIfAborted(options.signal, SCOPE);
          r = batcher.add(part, r);
          if (batcher.full) yield batcher.take()!;
        }
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
