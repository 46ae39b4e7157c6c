import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of a committed fixture. */
export function fixturePath(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', ...parts);
}

/** The bytes of a committed fixture. */
export function fixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}

/** A tensor's values as plain numbers (bigints converted), for comparisons. */
export function numbers(data: ArrayLike<number | bigint> | Iterable<number | bigint>): number[] {
  return Array.from(data as Iterable<number | bigint>, Number);
}

/** Every batch of a stream, in order. */
export async function collectBatches<T>(batches: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(batch);
  return out;
}

/** The `local` source's `splits` for the committed Fashion-MNIST IDX fixtures (32 + 16 images). */
export function fmnistIdxSplits(): Record<'train' | 'test', { x: string; y: string }> {
  const k = (f: string) => fixturePath('keras', 'tf-keras-datasets', f);
  return {
    train: { x: k('train-images-idx3-ubyte.gz'), y: k('train-labels-idx1-ubyte.gz') },
    test: { x: k('t10k-images-idx3-ubyte.gz'), y: k('t10k-labels-idx1-ubyte.gz') },
  };
}
