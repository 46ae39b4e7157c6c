import type { Circuit } from '../circuit.js';
import { parity } from './pauliTerms.js';

/**
 * Appends a uniformly controlled rotation (Möttönen et al., 2004): for every value c of the
 * control bits (`controls[j]` is bit j of c), `gate(angles[c])` on `target`. Built from 2^k
 * rotations and 2^k CNOTs in Gray-code order; RY and RZ change sign under CNOT conjugation, so
 * θ = Walsh–Hadamard transform of the angles / 2^k.
 */
export function uniformlyControlledRotation(
  circuit: Circuit,
  options: {
    gate: 'ry' | 'rz';
    target: number;
    controls: readonly number[];
    angles: ArrayLike<number>;
  },
): void {
  const { gate, target, controls, angles } = options;
  const k = controls.length;
  const count = 2 ** k;
  if (k === 0) {
    if (angles[0] !== 0) circuit.gate(gate, [target], [angles[0]!]);
    return;
  }
  const gray = (i: number): number => i ^ (i >> 1);
  for (let i = 0; i < count; i++) {
    let theta = 0;
    for (let c = 0; c < count; c++) theta += (parity(c & gray(i)) ? -1 : 1) * angles[c]!;
    circuit.gate(gate, [target], [theta / count]);
    const changed = gray(i) ^ gray((i + 1) % count);
    circuit.cx(controls[31 - Math.clz32(changed)]!, target);
  }
}
