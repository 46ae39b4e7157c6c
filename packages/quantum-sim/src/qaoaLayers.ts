import type { Observable } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';

/** Options of {@link qaoaLayers}. */
export interface QaoaLayersOptions {
  readonly numQubits: number;
  /** The cost Hamiltonian: a sum of Z products (diagonal in the computational basis). */
  readonly cost: Observable;
  /** Number of QAOA layers p. */
  readonly layers: number;
}

/**
 * QAOA (Farhi et al., 2014): H on every qubit, then per layer l the cost unitary exp(−iγ_l C)
 * (RZ for one Z, RZZ for two, a CNOT ladder for more) and the mixer exp(−iβ_l ΣX) = RX(2β_l).
 * Weights are `gamma0, beta0, gamma1, beta1, …`.
 */
export function qaoaLayers(options: QaoaLayersOptions): Circuit {
  const { numQubits: n, layers } = options;
  const weights = Array.from({ length: layers }, (_, l) => [`gamma${l}`, `beta${l}`]).flat();
  const circuit = new Circuit(n, { weights });
  for (const term of options.cost.terms) {
    if (term.ops.some((op) => op.pauli !== 'Z')) {
      throw new ValidationError('INVALID_ARGUMENT', 'a QAOA cost must be a sum of Z products', {
        scope: SCOPE,
      });
    }
  }
  for (let q = 0; q < n; q++) circuit.h(q);
  for (let l = 0; l < layers; l++) {
    for (const term of options.cost.terms) {
      const qubits = term.ops.map((op) => op.qubit);
      if (qubits.length === 0) continue;
      const angle = `${2 * term.coefficient}*gamma${l}`;
      if (qubits.length === 1) circuit.rz(qubits[0]!, angle);
      else if (qubits.length === 2) circuit.rzz([qubits[0]!, qubits[1]!], angle);
      else {
        for (let i = 0; i + 1 < qubits.length; i++) circuit.cx(qubits[i]!, qubits[i + 1]!);
        circuit.rz(qubits[qubits.length - 1]!, angle);
        for (let i = qubits.length - 2; i >= 0; i--) circuit.cx(qubits[i]!, qubits[i + 1]!);
      }
    }
    for (let q = 0; q < n; q++) circuit.rx(q, `2*beta${l}`);
  }
  return circuit;
}
