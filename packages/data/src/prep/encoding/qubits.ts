import { ValidationError } from '@qstore/core';
import { requireInteger } from '../internal/matrix.js';

/** The encodings a quantum data adapter produces. */
export const ENCODINGS = ['angle', 'amplitude', 'basis'] as const;

/**
 * `angle`: one qubit per feature, rotation angle from the value; `amplitude`: 2^n features in the
 * amplitudes of n qubits; `basis`: one qubit per binarised feature.
 */
export type Encoding = (typeof ENCODINGS)[number];

/** The largest register the adapters accept (a state of 2^30 amplitudes is 16 GiB). */
export const MAX_QUBITS = 30;

/** The number of features `nQubits` qubits hold under an encoding. */
export function capacity(nQubits: number, encoding: Encoding): number {
  return encoding === 'amplitude' ? 2 ** nQubits : nQubits;
}

/** The fewest qubits that hold `features` features under an encoding (at least 1). */
export function qubitsFor(features: number, encoding: Encoding): number {
  return encoding === 'amplitude'
    ? Math.max(1, Math.ceil(Math.log2(Math.max(features, 1))))
    : Math.max(features, 1);
}

/**
 * Checks `nQubits` and that `features` fit; returns the encoded width (2^n for amplitude, n
 * otherwise). Throws `INVALID_ARGUMENT` for a bad qubit count, `SHAPE_MISMATCH` when they do not fit.
 */
export function requireFits(features: number, nQubits: number, encoding: Encoding): number {
  requireInteger(nQubits, { min: 1, max: MAX_QUBITS }, { scope: 'data/encoding', what: 'nQubits' });
  const room = capacity(nQubits, encoding);
  if (features > room) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${features} features do not fit ${nQubits} qubits with ${encoding} encoding (at most ${room})`,
      { scope: 'data/encoding', details: { features, nQubits, encoding, capacity: room } },
    );
  }
  return room;
}
