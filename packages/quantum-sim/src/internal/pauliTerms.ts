import type { Observable } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { SCOPE } from './scope.js';

/** A Pauli product as bit masks: P|j⟩ = phase · (−1)^{|j & zMask|} |j ⊕ xMask⟩. */
export interface CompiledTerm {
  readonly xMask: number;
  readonly zMask: number;
  /** coefficient · i^{#Y}, real and imaginary parts. */
  readonly re: number;
  readonly im: number;
}

/** Parity of the set bits of a 32-bit integer. */
export function parity(x: number): number {
  let v = x ^ (x >>> 16);
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/** Compiles an observable on `numQubits` qubits into bit-mask terms, checking its qubits. */
export function compileObservable(observable: Observable, numQubits: number): CompiledTerm[] {
  return observable.terms.map((term) => {
    let xMask = 0;
    let zMask = 0;
    let numY = 0;
    for (const { pauli, qubit } of term.ops) {
      if (!Number.isInteger(qubit) || qubit < 0 || qubit >= numQubits) {
        throw new ValidationError(
          'INVALID_QUBIT',
          `observable: qubit ${qubit} is out of range; expected an integer in 0…${numQubits - 1}`,
          { scope: SCOPE, details: { qubit, numQubits } },
        );
      }
      const bit = 1 << qubit;
      if ((xMask | zMask) & bit) {
        throw new ValidationError(
          'INVALID_QUBIT',
          `observable: qubit ${qubit} is repeated in one Pauli product`,
          {
            scope: SCOPE,
          },
        );
      }
      if (pauli === 'X' || pauli === 'Y') xMask |= bit;
      if (pauli === 'Z' || pauli === 'Y') zMask |= bit;
      if (pauli === 'Y') numY++;
      else if (pauli !== 'X' && pauli !== 'Z') {
        throw new ValidationError(
          'INVALID_ARGUMENT',
          `observable: unknown Pauli "${String(pauli)}"`,
          { scope: SCOPE },
        );
      }
    }
    if (!Number.isFinite(term.coefficient)) {
      throw new ValidationError(
        'NON_FINITE',
        `observable: coefficient ${term.coefficient} is not finite`,
        { scope: SCOPE },
      );
    }
    const phase = numY % 4;
    const c = term.coefficient;
    return {
      xMask,
      zMask,
      re: phase === 0 ? c : phase === 2 ? -c : 0,
      im: phase === 1 ? c : phase === 3 ? -c : 0,
    };
  });
}

/** ⟨ψ|H|ψ⟩ for the compiled terms of H on state `s` of dimension `dim`. */
export function expectation(s: Float64Array, dim: number, terms: readonly CompiledTerm[]): number {
  let total = 0;
  for (const term of terms) {
    const { xMask, zMask } = term;
    let acc = 0;
    if (xMask === 0) {
      for (let j = 0; j < dim; j++) {
        const p = s[2 * j]! * s[2 * j]! + s[2 * j + 1]! * s[2 * j + 1]!;
        acc += parity(j & zMask) ? -p : p;
      }
      total += term.re * acc;
    } else {
      // Σ_j conj(ψ_{j⊕x}) · sign(j) · ψ_j, times the phase; the sum is real for Hermitian terms.
      let accIm = 0;
      for (let j = 0; j < dim; j++) {
        const k = j ^ xMask;
        const kr = s[2 * k]!,
          ki = s[2 * k + 1]!,
          jr = s[2 * j]!,
          ji = s[2 * j + 1]!;
        const re = kr * jr + ki * ji;
        const im = kr * ji - ki * jr;
        if (parity(j & zMask)) {
          acc -= re;
          accIm -= im;
        } else {
          acc += re;
          accIm += im;
        }
      }
      total += term.re * acc - term.im * accIm;
    }
  }
  return total;
}

/** out += scale · H ψ for the compiled terms of H (`out` must not alias `s`). */
export function accumulateObservable(
  out: Float64Array,
  s: Float64Array,
  dim: number,
  terms: readonly CompiledTerm[],
  scale: number,
): void {
  for (const term of terms) {
    const cr = term.re * scale;
    const ci = term.im * scale;
    const { xMask, zMask } = term;
    for (let j = 0; j < dim; j++) {
      const sign = parity(j & zMask) ? -1 : 1;
      const jr = s[2 * j]! * sign,
        ji = s[2 * j + 1]! * sign;
      const k = (j ^ xMask) << 1;
      out[k] = out[k]! + cr * jr - ci * ji;
      out[k + 1] = out[k + 1]! + cr * ji + ci * jr;
    }
  }
}
