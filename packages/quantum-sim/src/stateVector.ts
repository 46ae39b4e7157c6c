import type { Observable, Seed } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { compileObservable, expectation } from './internal/pauliTerms.js';
import { SCOPE } from './internal/scope.js';
import { type Counts, sampleCounts } from './sampleCounts.js';

/** Options of {@link StateVector.sample}. */
export interface SampleOptions {
  readonly shots: number;
  /** @default 0 */
  readonly seed?: Seed;
  /** Measure only these qubits (the bitstring's rightmost character is the first). @default all */
  readonly qubits?: readonly number[];
}

function checkQubits(qubits: readonly number[], numQubits: number): void {
  const seen = new Set<number>();
  for (const q of qubits) {
    if (!Number.isInteger(q) || q < 0 || q >= numQubits || seen.has(q)) {
      throw new ValidationError(
        'INVALID_QUBIT',
        `qubit ${q} is out of range or repeated; expected distinct integers in 0…${numQubits - 1}`,
        { scope: SCOPE, details: { qubits, numQubits } },
      );
    }
    seen.add(q);
  }
}

/** A pure state of `numQubits` qubits; amplitude i is `(amplitudes[2i], amplitudes[2i+1])`. */
export class StateVector {
  readonly numQubits: number;
  /** Interleaved complex amplitudes; qubit q is bit q of the index. */
  readonly amplitudes: Float64Array;

  constructor(numQubits: number, amplitudes: Float64Array) {
    if (amplitudes.length !== 2 ** (numQubits + 1)) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `a state of ${numQubits} qubits needs ${2 ** (numQubits + 1)} numbers, got ${amplitudes.length}`,
        { scope: SCOPE },
      );
    }
    this.numQubits = numQubits;
    this.amplitudes = amplitudes;
  }

  /** Amplitude of basis state `index` as `[re, im]`. */
  amplitude(index: number): [number, number] {
    return [this.amplitudes[2 * index] ?? 0, this.amplitudes[2 * index + 1] ?? 0];
  }

  /**
   * Measurement probabilities of all qubits, or of `qubits` only (entry k of the result has bit j
   * set when `qubits[j]` is 1).
   */
  probabilities(qubits?: readonly number[]): Float64Array {
    const s = this.amplitudes;
    const dim = 2 ** this.numQubits;
    if (qubits === undefined) {
      const out = new Float64Array(dim);
      for (let i = 0; i < dim; i++) out[i] = s[2 * i]! * s[2 * i]! + s[2 * i + 1]! * s[2 * i + 1]!;
      return out;
    }
    checkQubits(qubits, this.numQubits);
    const out = new Float64Array(2 ** qubits.length);
    for (let i = 0; i < dim; i++) {
      let k = 0;
      for (let j = 0; j < qubits.length; j++) k |= ((i >> qubits[j]!) & 1) << j;
      out[k] = out[k]! + s[2 * i]! * s[2 * i]! + s[2 * i + 1]! * s[2 * i + 1]!;
    }
    return out;
  }

  /** ⟨ψ|O|ψ⟩ for a Pauli sum O. */
  expectation(observable: Observable): number {
    return expectation(
      this.amplitudes,
      2 ** this.numQubits,
      compileObservable(observable, this.numQubits),
    );
  }

  /** Samples `shots` measurements under a seed; the same seed gives the same counts. */
  sample(options: SampleOptions): Counts {
    const qubits = options.qubits ?? Array.from({ length: this.numQubits }, (_, q) => q);
    return sampleCounts(this.probabilities(qubits), options);
  }
}

/**
 * Counts of a subset of measured bits: `positions[j]` is the bit (0 = rightmost character) that
 * becomes bit j of the result.
 */
export function marginalCounts(counts: Counts, positions: readonly number[]): Counts {
  const out: Counts = {};
  for (const [bits, count] of Object.entries(counts)) {
    const key = positions
      .map((p) => bits[bits.length - 1 - p] ?? '0')
      .reverse()
      .join('');
    out[key] = (out[key] ?? 0) + count;
  }
  return out;
}
