import type { CompiledTerm } from './pauliTerms.js';
import { wasmMemoryOf } from './wasmStateMemory.js';

/**
 * In place, x ← H^{⊗n} x unnormalised: x[z] ← Σ_j x[j]·(−1)^{|j & z|} (fast Walsh–Hadamard
 * transform, n·2^n additions).
 */
export function walshHadamard(x: Float64Array, dim: number): void {
  for (let h = 1; h < dim; h <<= 1) {
    for (let i = 0; i < dim; i += h << 1) {
      for (let j = i; j < i + h; j++) {
        const a = x[j]!;
        const b = x[j + h]!;
        x[j] = a + b;
        x[j + h] = a - b;
      }
    }
  }
}

/** Whether every term is the identity or a single Z (a ⟨Z_i⟩ read-out). */
function isLocal(terms: readonly (readonly CompiledTerm[])[]): boolean {
  return terms.every((o) => o.every((t) => (t.zMask & (t.zMask - 1)) === 0));
}

/**
 * The Z coefficients d[1 << q] of a sum of the identity (`d[0]`) and single Z_q into
 * `coefficients`; returns the diagonal's first entry d[0] + Σ_q d[1 << q].
 */
function firstOfDiagonal(d: Float64Array, numQubits: number, coefficients: Float64Array): number {
  let first = d[0]!;
  for (let q = 0; q < numQubits; q++) {
    coefficients[q] = d[1 << q]!;
    first += coefficients[q]!;
  }
  return first;
}

/**
 * In place, replaces the coefficients `d` of a sum of the identity (`d[0]`) and single Z_q
 * (`d[1 << q]`) by its diagonal: d[j] = d[0] + Σ_q d[1 << q]·(−1)^{bit q of j}, by doubling
 * (2^n operations). `coefficients` is scratch of `numQubits` numbers.
 */
function diagonalByDoubling(d: Float64Array, numQubits: number, coefficients: Float64Array): void {
  d[0] = firstOfDiagonal(d, numQubits, coefficients);
  for (let q = 0; q < numQubits; q++) {
    const half = 1 << q;
    const step = 2 * coefficients[q]!;
    for (let j = 0; j < half; j++) d[j + half] = d[j]! - step;
  }
}

/**
 * In place, folds the probabilities `z` (2^n) in halves and writes into `out[q]` the weight of
 * the states with qubit q set, for every q (2^n additions in all); `z[0]` ends as the total.
 */
function foldHalves(z: Float64Array, numQubits: number, out: Float64Array): void {
  for (let q = numQubits - 1; q >= 0; q--) {
    const half = 1 << q;
    let upper = 0;
    for (let j = 0; j < half; j++) {
      const v = z[j + half]!;
      upper += v;
      z[j] = z[j]! + v;
    }
    out[q] = upper;
  }
}

/**
 * Expectations and H_eff·ψ of many diagonal observables (products of Z and sums of them, e.g. a
 * Z and ZZ read-out) at once: the Walsh–Hadamard transform of the probabilities is the
 * expectation of every Z product, and that of the coefficients is the diagonal of H_eff, so the
 * cost is two transforms whatever the number of observables (instead of one sweep per term).
 * When every term is a single Z (or the identity) the transforms shrink to O(2^n) folds: the
 * weight of each qubit's upper half, and the diagonal built by doubling.
 */
export class DiagonalReadout {
  readonly #terms: readonly (readonly CompiledTerm[])[];
  readonly #dim: number;
  readonly #z: Float64Array;
  readonly #d: Float64Array;

  readonly #numQubits: number;
  /** Every term a single Z or the identity: folds instead of transforms. */
  readonly #local: boolean;
  /** Per qubit: the weight of its upper half (expectations) or its Z coefficient (backward). */
  readonly #perQubit: Float64Array;

  /**
   * Whether the readout applies and pays: all terms diagonal, and two or more of them when all
   * are single Z (the folds cost about two sweeps), else more than a third as many of them as
   * qubits (a transform costs n additions per amplitude, a term's sweep a parity and a few
   * operations per amplitude; measured on a 10-qubit training step, BENCHMARKS.md's `step`).
   */
  static pays(terms: readonly (readonly CompiledTerm[])[], numQubits: number): boolean {
    let count = 0;
    for (const observable of terms) {
      for (const term of observable) {
        if (term.xMask !== 0) return false;
        count++;
      }
    }
    return isLocal(terms) ? count > 1 : 3 * count > numQubits;
  }

  constructor(terms: readonly (readonly CompiledTerm[])[], numQubits: number) {
    this.#terms = terms;
    this.#numQubits = numQubits;
    this.#dim = 1 << numQubits;
    this.#z = new Float64Array(this.#dim);
    this.#d = new Float64Array(this.#dim);
    this.#local = isLocal(terms);
    this.#perQubit = new Float64Array(numQubits);
  }

  /**
   * Writes ⟨O_k⟩ into `out[offset + k]` for the state `s`, real (2^n numbers, `complex` false)
   * or interleaved complex.
   */
  expectations(s: Float64Array, complex: boolean, out: Float64Array, offset: number): void {
    const z = this.#z;
    this.#weights(s, complex);
    for (let k = 0; k < this.#terms.length; k++) {
      let value = 0;
      for (const term of this.#terms[k]!) value += term.re * z[term.zMask]!;
      out[offset + k] = value;
    }
  }

  /** Sets z[zMask] to the expectation of each Z product (at least those the terms read). */
  #weights(s: Float64Array, complex: boolean): void {
    const z = this.#z;
    const dim = this.#dim;
    const upper = this.#perQubit;
    // ⟨Z_q⟩ = total − 2·(weight with qubit q set); z[zMask] as the transform would hold it.
    const local = this.#local && this.#numQubits > 0;
    const total =
      local && complex ? wasmMemoryOf(s)?.zWeights(s, this.#numQubits, upper) : undefined;
    if (total !== undefined) {
      // The SIMD kernel's folds, the very sums of foldHalves.
      z[0] = total;
      for (let q = 0; q < this.#numQubits; q++) z[1 << q] = total - 2 * upper[q]!;
      return;
    }
    if (complex) {
      for (let j = 0; j < dim; j++) z[j] = s[2 * j]! * s[2 * j]! + s[2 * j + 1]! * s[2 * j + 1]!;
    } else for (let j = 0; j < dim; j++) z[j] = s[j]! * s[j]!;
    if (local) {
      foldHalves(z, this.#numQubits, upper);
      for (let q = 0; q < this.#numQubits; q++) z[1 << q] = z[0]! - 2 * upper[q]!;
    } else walshHadamard(z, dim);
  }

  /** Sets `lambda` = Σ_k upstream[offset + k]·O_k·s (same layout as `s`). */
  backward(options: {
    s: Float64Array;
    complex: boolean;
    upstream: Float64Array;
    offset: number;
    lambda: Float64Array;
  }): void {
    const { s, complex, upstream, offset, lambda } = options;
    const d = this.#d;
    const dim = this.#dim;
    d.fill(0);
    for (let k = 0; k < this.#terms.length; k++) {
      const u = upstream[offset + k]!;
      if (u === 0) continue;
      for (const term of this.#terms[k]!) d[term.zMask] = d[term.zMask]! + u * term.re;
    }
    const n = this.#numQubits;
    const memory = this.#local && complex && n > 0 ? wasmMemoryOf(s) : undefined;
    if (memory?.holds(lambda)) {
      // The SIMD kernel doubles d in λ and multiplies, with the JS loops' operations.
      const first = firstOfDiagonal(d, n, this.#perQubit);
      memory.diagonalTimes({ s, lambda, n, first, coefficients: this.#perQubit });
      return;
    }
    if (this.#local) diagonalByDoubling(d, n, this.#perQubit);
    else walshHadamard(d, dim);
    if (complex) {
      for (let j = 0; j < dim; j++) {
        lambda[2 * j] = d[j]! * s[2 * j]!;
        lambda[2 * j + 1] = d[j]! * s[2 * j + 1]!;
      }
    } else for (let j = 0; j < dim; j++) lambda[j] = d[j]! * s[j]!;
  }
}
