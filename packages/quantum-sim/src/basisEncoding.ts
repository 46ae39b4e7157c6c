import { ValidationError } from '@qstore/core';
import { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';

/** Basis encoding: X on every qubit whose bit is 1, so the circuit prepares |bits⟩ (bit i → qubit i). */
export function basisEncoding(bits: ArrayLike<number>): Circuit {
  const circuit = new Circuit(Math.max(1, bits.length));
  for (let i = 0; i < bits.length; i++) {
    if (bits[i] !== 0 && bits[i] !== 1) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `basis encoding needs bits of 0 or 1, got ${bits[i]} at ${i}`,
        { scope: SCOPE },
      );
    }
    if (bits[i] === 1) circuit.x(i);
  }
  return circuit;
}
