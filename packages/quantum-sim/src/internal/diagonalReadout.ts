import type { CompiledTerm } from './pauliTerms.js';

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

/**
 * Expectations and H_eff·ψ of many diagonal observables (products of Z and sums of them, e.g. a
 * Z and ZZ read-out) at once: the Walsh–Hadamard transform of the probabilities is the
 * expectation of every Z product, and that of the coefficients is the diagonal of H_eff, so the
 * cost is two transforms whatever the number of observables (instead of one sweep per term).
 */
export class DiagonalReadout {
  readonly #terms: readonly (readonly CompiledTerm[])[];
  readonly #dim: number;
  readonly #z: Float64Array;
  readonly #d: Float64Array;

  /**
   * Whether the readout applies and pays: all terms diagonal, and more than a third as many of
   * them as qubits (a transform costs n additions per amplitude, a term's sweep a parity and a
   * few operations per amplitude; with the 10 ⟨Z_i⟩ of a 10-qubit model, a training step of
   * BENCHMARKS.md's `step` bench is about 20% faster through it).
   */
  static pays(terms: readonly (readonly CompiledTerm[])[], numQubits: number): boolean {
    let count = 0;
    for (const observable of terms) {
      for (const term of observable) {
        if (term.xMask !== 0) return false;
        count++;
      }
    }
    return 3 * count > numQubits;
  }

  constructor(terms: readonly (readonly CompiledTerm[])[], numQubits: number) {
    this.#terms = terms;
    this.#dim = 1 << numQubits;
    this.#z = new Float64Array(this.#dim);
    this.#d = new Float64Array(this.#dim);
  }

  /**
   * Writes ⟨O_k⟩ into `out[offset + k]` for the state `s`, real (2^n numbers, `complex` false)
   * or interleaved complex.
   */
  expectations(s: Float64Array, complex: boolean, out: Float64Array, offset: number): void {
    const z = this.#z;
    const dim = this.#dim;
    if (complex) {
      for (let j = 0; j < dim; j++) z[j] = s[2 * j]! * s[2 * j]! + s[2 * j + 1]! * s[2 * j + 1]!;
    } else for (let j = 0; j < dim; j++) z[j] = s[j]! * s[j]!;
    walshHadamard(z, dim);
    for (let k = 0; k < this.#terms.length; k++) {
      let value = 0;
      for (const term of this.#terms[k]!) value += term.re * z[term.zMask]!;
      out[offset + k] = value;
    }
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
    walshHadamard(d, dim);
    if (complex) {
      for (let j = 0; j < dim; j++) {
        lambda[2 * j] = d[j]! * s[2 * j]!;
        lambda[2 * j + 1] = d[j]! * s[2 * j + 1]!;
      }
    } else for (let j = 0; j < dim; j++) lambda[j] = d[j]! * s[j]!;
  }
}
