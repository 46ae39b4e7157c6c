import { fromNested, type Tensor, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { type Batch, QuantumDataGenerator } from './quantumDataGenerator.js';

const n = 103;
const x = tensor(
  Float64Array.from({ length: n * 2 }, (_, i) => i),
  [n, 2],
);
const y = tensor(
  Int32Array.from({ length: n }, (_, i) => i % 10),
  [n],
);

async function collect(batches: AsyncIterable<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

describe('QuantumDataGenerator', () => {
  it('should visit every sample exactly once per epoch over 10 epochs, shuffled differently', async () => {
    const generator = new QuantumDataGenerator({ x, y, batchSize: 16, seed: 1 });
    const orders: string[] = [];
    for (let epoch = 0; epoch < 10; epoch++) {
      const batches = await collect(generator);
      expect(batches.length).toBe(7);
      const seen = batches.flatMap((b) => [...b.indices]);
      expect(seen.length).toBe(n);
      expect(new Set(seen).size).toBe(n);
      for (const batch of batches) {
        expect(batch.epoch).toBe(epoch);
        batch.indices.forEach((sample, row) => {
          expect(batch.x.data[row * 2]).toBe(sample * 2);
          expect(batch.y!.data[row]).toBe(sample % 10);
        });
      }
      orders.push(seen.join());
    }
    expect(new Set(orders).size).toBe(10);
  });

  it('should repeat the same order for the same seed and epoch', async () => {
    const a = new QuantumDataGenerator({ x, batchSize: 10, seed: 'same' });
    const b = new QuantumDataGenerator({ x, batchSize: 10, seed: 'same', prefetch: 4 });
    expect(a.order(3)).toEqual(b.order(3));
    const first = await collect(a.epoch(3));
    const second = await collect(b.epoch(3));
    expect(first.map((batch) => [...batch.indices])).toEqual(
      second.map((batch) => [...batch.indices]),
    );
  });

  it('should drop the last short batch when asked', async () => {
    const generator = new QuantumDataGenerator({ x, batchSize: 10, dropLast: true });
    const batches = await collect(generator.epoch(0));
    expect(batches.length).toBe(10);
    expect(batches.every((batch) => batch.indices.length === 10)).toBe(true);
  });

  it('should hand out views of x when not shuffling', async () => {
    const generator = new QuantumDataGenerator({ x, batchSize: 50, shuffle: false });
    const [first, , last] = await collect(generator.epoch(0));
    expect(first!.x.data.buffer).toBe(x.data.buffer);
    expect(last!.x.shape).toEqual([3, 2]);
  });

  it('should apply transforms per batch with a seeded rng, prefetching ahead', async () => {
    let started = 0;
    let consumedBeforeStart = 0;
    const noisy = async (batch: Batch, { rng }: { rng: { next(): number } }): Promise<Batch> => {
      started++;
      await new Promise((resolve) => setTimeout(resolve, 1));
      const data = Float64Array.from(batch.x.data as Float64Array, (v) => v + rng.next());
      return { ...batch, x: { ...batch.x, data } as Tensor };
    };
    const make = (prefetch: number) =>
      new QuantumDataGenerator({ x, batchSize: 20, seed: 2, transforms: [noisy], prefetch });
    const iterator = make(3).epoch(0);
    await iterator.next();
    consumedBeforeStart = started;
    expect(consumedBeforeStart).toBe(5);
    await iterator.return(undefined);
    const a = await collect(make(0).epoch(1));
    const b = await collect(make(3).epoch(1));
    expect(a.map((batch) => [...batch.x.data])).toEqual(b.map((batch) => [...batch.x.data]));
  });

  it('should surface a failing transform to the consumer', async () => {
    const generator = new QuantumDataGenerator({
      x,
      batchSize: 50,
      transforms: [
        () => {
          throw new Error('boom');
        },
      ],
    });
    await expect(collect(generator.epoch(0))).rejects.toThrow('boom');
  });

  it('should reject mismatched samples and bad sizes with a code', async () => {
    await expectQStoreError(
      () => new QuantumDataGenerator({ x, y: fromNested([1, 2]), batchSize: 4 }),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(
      () => new QuantumDataGenerator({ x, batchSize: 0 }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(
      () => new QuantumDataGenerator({ x, batchSize: 2, prefetch: -1 }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(
      () => new QuantumDataGenerator({ x, batchSize: 2 }).order(-1),
      'INVALID_ARGUMENT',
    );
  });
});
