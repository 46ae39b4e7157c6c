/** numpy's legacy `RandomState(seed)`: MT19937 seeded with `init_genrand`, as Keras uses it. */
class Mt19937 {
  readonly #mt = new Uint32Array(624);
  #index = 624;

  constructor(seed: number) {
    this.#mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.#mt[i - 1]! ^ (this.#mt[i - 1]! >>> 30);
      // 1812433253 * prev mod 2^32, split to stay exact in doubles
      this.#mt[i] =
        ((((prev & 0xffff0000) >>> 16) * 1812433253) << 16) + (prev & 0x0000ffff) * 1812433253 + i;
    }
  }

  nextUint32(): number {
    const mt = this.#mt;
    if (this.#index >= 624) {
      for (let k = 0; k < 624; k++) {
        const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % 624]! & 0x7fffffff);
        mt[k] = mt[(k + 397) % 624]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.#index = 0;
    }
    let y = mt[this.#index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** numpy's legacy bounded integer in [0, max] by masked rejection. */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }
}

/** A source of numpy-legacy shuffles sharing one generator (IMDB shuffles train then test). */
export interface NumpyShuffler {
  /** The permutation `RandomState.shuffle(np.arange(n))` produces next. */
  permutation(n: number): Uint32Array;
}

/** A shuffler equal to `np.random.RandomState(seed)` for `shuffle(np.arange(n))`. */
export function numpyShuffler(seed: number): NumpyShuffler {
  const rng = new Mt19937(seed);
  return {
    permutation(n) {
      const out = new Uint32Array(n);
      for (let i = 0; i < n; i++) out[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = rng.interval(i);
        const t = out[i]!;
        out[i] = out[j]!;
        out[j] = t;
      }
      return out;
    },
  };
}
