import type { Observable } from '@qstore/core';
import { compileObservable, parity } from './internal/pauliTerms.js';

/**
 * A mixed state of `numQubits` qubits. Entry ρ[r][c] is stored at index `(c << n) | r` of the
 * interleaved complex array, so that U ρ U† is U on qubits 0…n−1 and conj(U) on n…2n−1.
 */
export class DensityMatrix {
  readonly numQubits: number;
  readonly data: Float64Array;

  constructor(numQubits: number, data: Float64Array) {
    this.numQubits = numQubits;
    this.data = data;
  }

  /** ρ[r][c] as `[re, im]`. */
  entry(row: number, column: number): [number, number] {
    const i = (column << this.numQubits) | row;
    return [this.data[2 * i]!, this.data[2 * i + 1]!];
  }

  /** The diagonal: measurement probabilities of all qubits. */
  probabilities(): Float64Array {
    const dim = 2 ** this.numQubits;
    return Float64Array.from(
      { length: dim },
      (_, r) => this.data[2 * ((r << this.numQubits) | r)]!,
    );
  }

  /** Tr(ρ O) for a Pauli sum O. */
  expectation(observable: Observable): number {
    const n = this.numQubits;
    const dim = 2 ** n;
    let total = 0;
    for (const term of compileObservable(observable, n)) {
      // Tr(Pρ) = Σ_r phase(r) · ρ[r][r ⊕ x], with P|r⟩ = phase(r) |r ⊕ x⟩.
      let re = 0;
      let im = 0;
      for (let r = 0; r < dim; r++) {
        const sign = parity(r & term.zMask) ? -1 : 1;
        const i = 2 * (((r ^ term.xMask) << n) | r);
        re += sign * this.data[i]!;
        im += sign * this.data[i + 1]!;
      }
      total += term.re * re - term.im * im;
    }
    return total;
  }

  /** Tr(ρ²): 1 for a pure state, 1/2^n for the maximally mixed one. */
  purity(): number {
    let sum = 0;
    for (const v of this.data) sum += v * v;
    return sum;
  }
}
