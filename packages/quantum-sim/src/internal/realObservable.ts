import { type CompiledTerm, parity } from './pauliTerms.js';

/** Whether every term is a real matrix (an even number of Y): then H maps real states to real. */
export function isRealObservable(terms: readonly CompiledTerm[]): boolean {
  return terms.every((term) => term.im === 0);
}

/**
 * ⟨r|H|r⟩ for a real state `r` of dimension `dim`. Exact for any terms: a product with an odd
 * number of Y (imaginary `re` = 0) has expectation 0 on a real state.
 */
export function expectationReal(
  r: Float64Array,
  dim: number,
  terms: readonly CompiledTerm[],
): number {
  let total = 0;
  for (const term of terms) {
    const { xMask, zMask } = term;
    let acc = 0;
    if (xMask === 0) {
      for (let j = 0; j < dim; j++) {
        const p = r[j]! * r[j]!;
        acc += parity(j & zMask) ? -p : p;
      }
    } else {
      for (let j = 0; j < dim; j++) {
        const p = r[j ^ xMask]! * r[j]!;
        acc += parity(j & zMask) ? -p : p;
      }
    }
    total += term.re * acc;
  }
  return total;
}

/** out += scale · H r for a real state `r` and real terms of H (`out` must not alias `r`). */
export function accumulateObservableReal(
  out: Float64Array,
  r: Float64Array,
  dim: number,
  terms: readonly CompiledTerm[],
  scale: number,
): void {
  for (const term of terms) {
    const c = term.re * scale;
    const { xMask, zMask } = term;
    for (let j = 0; j < dim; j++) {
      const k = j ^ xMask;
      out[k] = out[k]! + (parity(j & zMask) ? -c : c) * r[j]!;
    }
  }
}
