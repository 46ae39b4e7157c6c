import type { Seed } from '@qstore/core';
import { createRng, ValidationError } from '@qstore/core';
import { SCOPE } from './internal/scope.js';

/** Measurement counts keyed by bitstring; the rightmost character is bit 0 (Qiskit's order). */
export type Counts = Record<string, number>;

/** Options of {@link sampleCounts}. */
export interface SampleCountsOptions {
  readonly shots: number;
  /** @default 0 */
  readonly seed?: Seed;
}

/** Draws `shots` outcomes from a distribution over `log2(length)` bits, under a seed. */
export function sampleCounts(
  probabilities: ArrayLike<number>,
  options: SampleCountsOptions,
): Counts {
  const { shots } = options;
  if (!Number.isInteger(shots) || shots < 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `shots must be a positive integer, got ${shots}`,
      { scope: SCOPE },
    );
  }
  const bits = Math.round(Math.log2(probabilities.length));
  const cumulative = new Float64Array(probabilities.length);
  let total = 0;
  for (let i = 0; i < probabilities.length; i++) {
    total += Math.max(0, probabilities[i]!);
    cumulative[i] = total;
  }
  const rng = createRng(options.seed ?? 0);
  const hits = new Map<number, number>();
  for (let shot = 0; shot < shots; shot++) {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    hits.set(lo, (hits.get(lo) ?? 0) + 1);
  }
  const counts: Counts = {};
  for (const [k, count] of [...hits].sort((a, b) => a[0] - b[0]))
    counts[k.toString(2).padStart(bits, '0')] = count;
  return counts;
}

/** Relative frequencies of counts over `numBits` bits (index bit j = character j from the right). */
export function countsToProbabilities(counts: Counts, numBits: number): Float64Array {
  const out = new Float64Array(2 ** numBits);
  let total = 0;
  for (const [bits, count] of Object.entries(counts)) {
    if (bits.length !== numBits || !/^[01]+$/.test(bits)) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `counts key "${bits}" is not a ${numBits}-bit string`,
        { scope: SCOPE },
      );
    }
    out[Number.parseInt(bits, 2)] = out[Number.parseInt(bits, 2)]! + count;
    total += count;
  }
  return out.map((c) => c / total);
}
