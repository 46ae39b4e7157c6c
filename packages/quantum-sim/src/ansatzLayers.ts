import { ValidationError } from '@qstore/core';
import { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';

/** Which CNOTs entangle a layer. */
export type Entanglement = 'linear' | 'circular' | 'full';

/** Options shared by the layered ansätze. */
export interface LayersOptions {
  readonly numQubits: number;
  readonly layers: number;
  /** Weight names start with this prefix. @default 'w' */
  readonly prefix?: string;
}

function check(options: LayersOptions): void {
  if (!Number.isInteger(options.layers) || options.layers < 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `layers must be a positive integer, got ${options.layers}`,
      { scope: SCOPE },
    );
  }
}

/** The (control, target) pairs of an entanglement pattern on n qubits. */
export function entanglingPairs(numQubits: number, pattern: Entanglement): [number, number][] {
  const pairs: [number, number][] = [];
  if (pattern === 'full') {
    for (let i = 0; i < numQubits; i++) for (let j = i + 1; j < numQubits; j++) pairs.push([i, j]);
    return pairs;
  }
  for (let i = 0; i + 1 < numQubits; i++) pairs.push([i, i + 1]);
  if (pattern === 'circular' && numQubits > 2) pairs.push([numQubits - 1, 0]);
  return pairs;
}

/** Options of {@link hardwareEfficientAnsatz}. */
export interface HardwareEfficientOptions extends LayersOptions {
  /** Rotations on every qubit in each layer. @default ['ry', 'rz'] */
  readonly rotations?: readonly ('rx' | 'ry' | 'rz')[];
  /** @default 'linear' */
  readonly entanglement?: Entanglement;
}

/**
 * Hardware-efficient ansatz: per layer, the rotations on every qubit then a CNOT pattern, plus a
 * final rotation layer. Weights `${prefix}${layer}_${qubit}_${k}`.
 */
export function hardwareEfficientAnsatz(options: HardwareEfficientOptions): Circuit {
  check(options);
  const { numQubits, layers } = options;
  const prefix = options.prefix ?? 'w';
  const rotations = options.rotations ?? ['ry', 'rz'];
  const circuit = new Circuit(numQubits);
  const rotate = (layer: number): void => {
    for (let q = 0; q < numQubits; q++)
      rotations.forEach((gate, k) => {
        circuit.gate(gate, [q], [`${prefix}${layer}_${q}_${k}`]);
      });
  };
  for (let layer = 0; layer < layers; layer++) {
    rotate(layer);
    for (const [c, t] of entanglingPairs(numQubits, options.entanglement ?? 'linear'))
      circuit.cx(c, t);
  }
  rotate(layers);
  return circuit;
}

/**
 * Strongly entangling layers (Schuld et al., 2020): per layer, Rot(φ, θ, ω) = RZ(ω)·RY(θ)·RZ(φ)
 * on every qubit, then CNOT(i, i + r mod n) with range r = (layer mod (n − 1)) + 1.
 */
export function stronglyEntanglingLayers(options: LayersOptions): Circuit {
  check(options);
  const { numQubits: n, layers } = options;
  const prefix = options.prefix ?? 'w';
  const circuit = new Circuit(n);
  for (let layer = 0; layer < layers; layer++) {
    for (let q = 0; q < n; q++) {
      circuit
        .rz(q, `${prefix}${layer}_${q}_0`)
        .ry(q, `${prefix}${layer}_${q}_1`)
        .rz(q, `${prefix}${layer}_${q}_2`);
    }
    if (n > 1) {
      const range = (layer % (n - 1)) + 1;
      for (let q = 0; q < n; q++) circuit.cx(q, (q + range) % n);
    }
  }
  return circuit;
}

/** Options of {@link basicEntanglerLayers}. */
export interface BasicEntanglerOptions extends LayersOptions {
  /** @default 'rx' */
  readonly rotation?: 'rx' | 'ry' | 'rz';
}

/** Basic entangler: per layer, one rotation per qubit then a ring of CNOTs. */
export function basicEntanglerLayers(options: BasicEntanglerOptions): Circuit {
  check(options);
  const { numQubits: n, layers } = options;
  const prefix = options.prefix ?? 'w';
  const circuit = new Circuit(n);
  for (let layer = 0; layer < layers; layer++) {
    for (let q = 0; q < n; q++)
      circuit.gate(options.rotation ?? 'rx', [q], [`${prefix}${layer}_${q}`]);
    for (const [c, t] of entanglingPairs(n, 'circular')) circuit.cx(c, t);
  }
  return circuit;
}
