import { DiagonalReadout } from './diagonalReadout.js';
import { accumulateObservable, type CompiledTerm, expectation } from './pauliTerms.js';
import { accumulateObservableReal, expectationReal } from './realObservable.js';

/** What {@link Readout.backward} needs: the state, its layout, the upstream row and λ. */
export interface ReadoutBackward {
  readonly s: Float64Array;
  /** Interleaved complex amplitudes (else 2^n reals). */
  readonly complex: boolean;
  readonly upstream: Float64Array;
  readonly offset: number;
  readonly lambda: Float64Array;
}

/**
 * The observables of a batch on a state of `numQubits` qubits: their expectations and the
 * adjoint seed λ = Σ_k upstream_k·O_k·ψ, on a real or a complex state. Many diagonal observables
 * (a Z and ZZ read-out) go through {@link DiagonalReadout}; others are swept term by term.
 */
export class Readout {
  readonly terms: readonly (readonly CompiledTerm[])[];
  readonly #dim: number;
  readonly #diagonal: DiagonalReadout | undefined;

  constructor(terms: readonly (readonly CompiledTerm[])[], numQubits: number) {
    this.terms = terms;
    this.#dim = 1 << numQubits;
    this.#diagonal = DiagonalReadout.pays(terms, numQubits)
      ? new DiagonalReadout(terms, numQubits)
      : undefined;
  }

  /** Writes ⟨O_k⟩ of state `s` into `out[offset + k]`. */
  expectations(s: Float64Array, complex: boolean, out: Float64Array, offset: number): void {
    if (this.#diagonal !== undefined) {
      this.#diagonal.expectations(s, complex, out, offset);
      return;
    }
    const terms = this.terms;
    for (let k = 0; k < terms.length; k++) {
      out[offset + k] = complex
        ? expectation(s, this.#dim, terms[k]!)
        : expectationReal(s, this.#dim, terms[k]!);
    }
  }

  /** Sets `lambda` (same layout as `s`) to Σ_k upstream[offset + k]·O_k·s. */
  backward(options: ReadoutBackward): void {
    if (this.#diagonal !== undefined) {
      this.#diagonal.backward(options);
      return;
    }
    const { s, complex, upstream, offset, lambda } = options;
    lambda.fill(0);
    for (let k = 0; k < this.terms.length; k++) {
      const u = upstream[offset + k]!;
      if (u === 0) continue;
      if (complex) accumulateObservable(lambda, s, this.#dim, this.terms[k]!, u);
      else accumulateObservableReal(lambda, s, this.#dim, this.terms[k]!, u);
    }
  }
}
