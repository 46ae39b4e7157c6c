import seedrandom from 'seedrandom';
import { z } from 'zod';
import { ValidationError } from './errors.js';
import { parseWithSchema } from './parseWithSchema.js';

/** A seed: any number or string. The same seed gives the same sequence on every machine. */
export type Seed = number | string;

const rngStateSchema = z.object({
  algorithm: z.literal('alea'),
  alea: z.object({ c: z.number(), s0: z.number(), s1: z.number(), s2: z.number() }),
  spareNormal: z.number().nullable(),
});

/** The complete, JSON-serialisable state of an {@link Rng}; restore it with {@link restoreRng}. */
export type RngState = z.infer<typeof rngStateSchema>;

/** A seeded pseudo-random source (Alea). Every random choice in Q-Store draws from one. */
export interface Rng {
  /** A uniform float in [0, 1) with 53 bits of randomness. */
  next(): number;
  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number;
  /** A uniform integer in [min, maxExclusive). */
  int(min: number, maxExclusive: number): number;
  /** A normally distributed float. */
  normal(mean?: number, std?: number): number;
  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A;
  /** A random permutation of `0 … n-1`. */
  permutation(n: number): Uint32Array;
  /** A uniformly chosen element of a non-empty array. */
  choice<T>(items: readonly T[]): T;
  /** A new independent generator derived from this one's next draws (advances this one). */
  fork(): Rng;
  /** The current state; a generator restored from it continues the exact same sequence. */
  getState(): RngState;
}

type AleaPrng = ReturnType<typeof seedrandom.alea> & { state(): RngState['alea'] };

class AleaRng implements Rng {
  readonly #prng: AleaPrng;
  #spareNormal: number | null;

  constructor(prng: AleaPrng, spareNormal: number | null) {
    this.#prng = prng;
    this.#spareNormal = spareNormal;
  }

  next(): number {
    return this.#prng.double();
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.#prng.double();
  }

  int(min: number, maxExclusive: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(maxExclusive) || maxExclusive <= min) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `rng.int needs integers min < maxExclusive, got ${min}, ${maxExclusive}`,
      );
    }
    return min + Math.floor(this.#prng.double() * (maxExclusive - min));
  }

  normal(mean = 0, std = 1): number {
    if (this.#spareNormal !== null) {
      const spare = this.#spareNormal;
      this.#spareNormal = null;
      return mean + std * spare;
    }
    // Box–Muller; 1 - u keeps the logarithm finite.
    const u = 1 - this.#prng.double();
    const v = this.#prng.double();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = radius * Math.sin(2 * Math.PI * v);
    return mean + std * radius * Math.cos(2 * Math.PI * v);
  }

  shuffle<T, A extends { length: number; [index: number]: T }>(array: A): A {
    for (let i = array.length - 1; i > 0; i--) {
      const j = Math.floor(this.#prng.double() * (i + 1));
      const tmp = array[i]!;
      array[i] = array[j]!;
      array[j] = tmp;
    }
    return array;
  }

  permutation(n: number): Uint32Array {
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  choice<T>(items: readonly T[]): T {
    if (items.length === 0)
      throw new ValidationError('INVALID_ARGUMENT', 'rng.choice needs a non-empty array');
    return items[Math.floor(this.#prng.double() * items.length)]!;
  }

  fork(): Rng {
    const derived = `${this.#prng.int32()}:${this.#prng.int32()}`;
    return createRng(derived);
  }

  getState(): RngState {
    return { algorithm: 'alea', alea: { ...this.#prng.state() }, spareNormal: this.#spareNormal };
  }
}

/** A new seeded random source. The same seed gives the same sequence on every machine. */
export function createRng(seed: Seed): Rng {
  if (typeof seed === 'number' && !Number.isFinite(seed)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `a seed must be a finite number or a string, got ${seed}`,
    );
  }
  const prng = seedrandom.alea(String(seed), { state: true }) as AleaPrng;
  return new AleaRng(prng, null);
}

/** A random source that continues exactly where the one that produced `state` was. */
export function restoreRng(state: unknown): Rng {
  const checked = parseWithSchema(rngStateSchema, state, { scope: 'core', what: 'rng state' });
  const prng = seedrandom.alea('', { state: checked.alea }) as AleaPrng;
  return new AleaRng(prng, checked.spareNormal);
}
