import type { SampleBatch, Tensor } from '@qstore/core';
import { planarToHwc } from './cifar.js';

const PIXELS = 3072;

/**
 * Some consecutive CIFAR images as stored: image `r` starts at `base + r * stride` of `src`,
 * channel-planar; `labels[r]` is its label. `src` may be a reused buffer, valid until the next
 * rows of the same stream are asked for.
 */
export interface CifarRows {
  readonly src: Uint8Array;
  readonly base: number;
  readonly stride: number;
  readonly labels: ArrayLike<number>;
}

/**
 * Fills batches of `batchSize` channels-last rows `(n, 32, 32, 3)` across runs of {@link CifarRows};
 * its buffer grows by doubling up to one batch (the last, short batch may view a buffer up to twice
 * its rows).
 */
export class CifarBatcher {
  #x = new Uint8Array(0);
  #y: Uint8Array | BigInt64Array;
  #fill = 0;
  #offset = 0;

  /** `int64`: labels as int64 (Keras' CIFAR-100), else uint8; y has shape `(n, 1)`. */
  constructor(
    readonly batchSize: number,
    readonly int64: boolean,
  ) {
    this.#y = int64 ? new BigInt64Array(0) : new Uint8Array(0);
  }

  /** Adds rows `from..` of a run until the batch is full; returns the next row to add. */
  add(rows: CifarRows, from: number): number {
    const n = rows.labels.length;
    let capacity = this.#x.length / PIXELS;
    if (this.#fill === capacity) {
      // doubling: runs of a few hundred rows fill a large batch with O(batch) copying in all
      capacity = Math.min(this.batchSize, Math.max(this.#fill + n - from, 2 * capacity));
      this.#grow(capacity);
    }
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

/** Every batch of `runs`, in order, through one {@link CifarBatcher}; the last one may be short. */
export async function* batchCifarRows(
  runs: AsyncIterable<CifarRows>,
  batcher: CifarBatcher,
  check?: () => void,
): AsyncGenerator<SampleBatch> {
  for await (const rows of runs) {
    for (let r = 0; r < rows.labels.length; ) {
      check?.();
      r = batcher.add(rows, r);
      if (batcher.full) yield batcher.take()!;
    }
  }
}
