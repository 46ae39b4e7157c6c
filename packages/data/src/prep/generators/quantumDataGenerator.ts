import {
  createRng,
  type Rng,
  type Seed,
  sliceRows,
  type Tensor,
  takeRows,
  ValidationError,
} from '@qstore/core';
import { requireInteger } from '../internal/matrix.js';

const SCOPE = 'data/generator';

/** One batch: rows of x (and y) with the sample indices they came from. */
export interface Batch {
  readonly x: Tensor;
  readonly y?: Tensor;
  /** The sample index of each row. */
  readonly indices: Uint32Array;
  /** The epoch it belongs to (from 0). */
  readonly epoch: number;
  /** Its position in the epoch (from 0). */
  readonly index: number;
}

/**
 * A per-batch step (preprocessing or augmentation). `rng` is seeded from the generator's seed, the
 * epoch and the batch index, so results do not depend on prefetching or on earlier epochs.
 */
export type BatchTransform = (batch: Batch, context: { rng: Rng }) => Batch | Promise<Batch>;

/** How a {@link QuantumDataGenerator} batches. */
export interface QuantumDataGeneratorOptions {
  /** Inputs, first axis = samples. */
  x: Tensor;
  /** Targets with the same number of samples. */
  y?: Tensor;
  /** Samples per batch. */
  batchSize: number;
  /** Shuffle the samples each epoch (seeded). @default true */
  shuffle?: boolean;
  /** Seed of the shuffles and of each batch's `rng`. @default 0 */
  seed?: Seed;
  /** Skip the last batch when it is smaller than `batchSize`. @default false */
  dropLast?: boolean;
  /** Steps applied to every batch, in order. @default [] */
  transforms?: readonly BatchTransform[];
  /** Batches prepared ahead of the one being consumed. @default 1 */
  prefetch?: number;
}

/**
 * Batches for training (QuantumDataGenerator): a seeded shuffle per epoch, optional drop-last,
 * per-batch transforms, async iteration with prefetch. Without shuffling, batches are views of x,
 * so a transform must return new data rather than write into `batch.x.data`.
 * `for await (const batch of generator)` runs the next epoch; `generator.epoch(e)` any epoch.
 */
export class QuantumDataGenerator implements AsyncIterable<Batch> {
  readonly #x: Tensor;
  readonly #y: Tensor | undefined;
  readonly #batchSize: number;
  readonly #shuffle: boolean;
  readonly #seed: Seed;
  readonly #dropLast: boolean;
  readonly #transforms: readonly BatchTransform[];
  readonly #prefetch: number;
  #nextEpoch = 0;

  /** Throws `SHAPE_MISMATCH` when x and y differ in samples, `INVALID_ARGUMENT` for bad sizes. */
  constructor(options: QuantumDataGeneratorOptions) {
    const { x, y } = options;
    if (x.shape.length === 0) {
      throw new ValidationError('SHAPE_MISMATCH', 'x: expected a sample axis, got a scalar', {
        scope: SCOPE,
      });
    }
    if (y !== undefined && y.shape[0] !== x.shape[0]) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `x has ${x.shape[0]} samples but y has ${y.shape[0] ?? 0}; expected the same count`,
        { scope: SCOPE },
      );
    }
    requireInteger(options.batchSize, { min: 1 }, { scope: SCOPE, what: 'batchSize' });
    this.#prefetch = options.prefetch ?? 1;
    requireInteger(this.#prefetch, { min: 0, max: 1024 }, { scope: SCOPE, what: 'prefetch' });
    this.#x = x;
    this.#y = y;
    this.#batchSize = options.batchSize;
    this.#shuffle = options.shuffle ?? true;
    this.#seed = options.seed ?? 0;
    this.#dropLast = options.dropLast ?? false;
    this.#transforms = options.transforms ?? [];
  }

  /** The number of samples. */
  get numSamples(): number {
    return this.#x.shape[0]!;
  }

  /** The number of batches in one epoch. */
  get batchesPerEpoch(): number {
    const whole = this.numSamples / this.#batchSize;
    return this.#dropLast ? Math.floor(whole) : Math.ceil(whole);
  }

  /** The sample order of an epoch (the same for the same seed and epoch). */
  order(epoch: number): Uint32Array {
    requireInteger(epoch, { min: 0 }, { scope: SCOPE, what: 'epoch' });
    if (!this.#shuffle) return Uint32Array.from({ length: this.numSamples }, (_, i) => i);
    return createRng(`${this.#seed}:epoch:${epoch}`).permutation(this.numSamples);
  }

  /** The batches of one epoch, prepared up to `prefetch` ahead. */
  async *epoch(epoch: number): AsyncGenerator<Batch> {
    const order = this.order(epoch);
    const count = this.batchesPerEpoch;
    const pending: Promise<Batch>[] = [];
    let next = 0;
    const fill = () => {
      while (next < count && pending.length <= this.#prefetch) {
        const batch = this.#make(order, epoch, next++);
        // Marked handled so that an early `break` never leaves an unhandled rejection behind.
        batch.catch(() => undefined);
        pending.push(batch);
      }
    };
    fill();
    while (pending.length > 0) {
      const batch = await pending.shift()!;
      fill();
      yield batch;
    }
  }

  /** Iterates the next epoch (0, then 1, …). */
  [Symbol.asyncIterator](): AsyncGenerator<Batch> {
    return this.epoch(this.#nextEpoch++);
  }

  async #make(order: Uint32Array, epoch: number, index: number): Promise<Batch> {
    const start = index * this.#batchSize;
    const end = Math.min(start + this.#batchSize, order.length);
    const indices = order.slice(start, end);
    const take = (t: Tensor) => (this.#shuffle ? takeRows(t, indices) : sliceRows(t, start, end));
    let batch: Batch = {
      x: take(this.#x),
      ...(this.#y === undefined ? {} : { y: take(this.#y) }),
      indices,
      epoch,
      index,
    };
    const rng = createRng(`${this.#seed}:batch:${epoch}:${index}`);
    for (const transform of this.#transforms) batch = await transform(batch, { rng });
    return batch;
  }
}
