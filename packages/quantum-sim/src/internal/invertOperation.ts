import type { GateName, GateOperation, ParamValue } from '@qstore/core';

const negate = (p: ParamValue): ParamValue => (typeof p === 'number' ? -p : `-(${p})`);

const SWAPPED: Partial<Record<GateName, GateName>> = {
  s: 'sdg',
  sdg: 's',
  t: 'tdg',
  tdg: 't',
  sx: 'sxdg',
  sxdg: 'sx',
};
const NEGATED = new Set<GateName>([
  'rx',
  'ry',
  'rz',
  'p',
  'crx',
  'cry',
  'crz',
  'cp',
  'rxx',
  'ryy',
  'rzz',
]);

/** The operations whose product is the inverse of `op` (one, or two for iSWAP). */
export function invertOperation(op: GateOperation): GateOperation[] {
  const swapped = SWAPPED[op.gate];
  if (swapped !== undefined) return [{ gate: swapped, qubits: op.qubits }];
  if (NEGATED.has(op.gate))
    return [{ gate: op.gate, qubits: op.qubits, params: op.params!.map(negate) }];
  if (op.gate === 'u') {
    const [theta, phi, lambda] = op.params!;
    return [
      { gate: 'u', qubits: op.qubits, params: [negate(theta!), negate(lambda!), negate(phi!)] },
    ];
  }
  if (op.gate === 'iswap') {
    // iSWAP = exp(iπ/4 (XX + YY)) = RXX(−π/2)·RYY(−π/2), so its inverse is RXX(π/2)·RYY(π/2).
    return [
      { gate: 'rxx', qubits: op.qubits, params: [Math.PI / 2] },
      { gate: 'ryy', qubits: op.qubits, params: [Math.PI / 2] },
    ];
  }
  if (op.gate === 'unitary') {
    const m = op.matrix!;
    return [
      {
        gate: 'unitary',
        qubits: op.qubits,
        matrix: m.map((row, r) => row.map((_, c) => [m[c]![r]![0], -m[c]![r]![1]] as const)),
      },
    ];
  }
  // Every remaining gate is its own inverse (Paulis, H, CX, CZ, SWAP, Toffoli, …).
  return [op];
}
