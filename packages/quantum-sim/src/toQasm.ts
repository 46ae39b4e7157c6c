import type { CircuitIR, GateOperation } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import type { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';

// Gates that qelib1.inc lacks, defined from qelib1 gates in the exported header.
const DEFINITIONS: Record<string, string> = {
  ryy: 'gate ryy(theta) a,b { rx(pi/2) a; rx(pi/2) b; cx a,b; rz(theta) b; cx a,b; rx(-pi/2) a; rx(-pi/2) b; }',
  iswap: 'gate iswap a,b { s a; s b; h a; cx a,b; cx b,a; h b; }',
};

const RENAMED: Partial<Record<GateOperation['gate'], string>> = { u: 'u3' };
const MCX_NAMES = ['', 'cx', 'ccx', 'c3x', 'c4x'];

const qubit = (q: number): string => `q[${q}]`;

function statements(op: GateOperation): string[] {
  const args = op.qubits.map(qubit).join(',');
  const params =
    op.params === undefined || op.params.length === 0 ? '' : `(${op.params.map(String).join(',')})`;
  if (op.gate === 'unitary') {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      'OpenQASM 2 has no custom unitary gate; decompose it before export',
      {
        scope: SCOPE,
      },
    );
  }
  if (op.gate === 'mcx' || op.gate === 'mcz') {
    const name = MCX_NAMES[op.qubits.length - 1];
    if (name === undefined) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `OpenQASM 2 export supports at most 4 controls, got ${op.qubits.length - 1}`,
        {
          scope: SCOPE,
        },
      );
    }
    const target = qubit(op.qubits[op.qubits.length - 1]!);
    return op.gate === 'mcx'
      ? [`${name} ${args};`]
      : [`h ${target};`, `${name} ${args};`, `h ${target};`];
  }
  return [`${RENAMED[op.gate] ?? op.gate}${params} ${args};`];
}

/**
 * Writes a circuit as OpenQASM 2.0 with `include "qelib1.inc"`, one register `q`, header
 * definitions for ryy and iswap, mcx/mcz as cx/ccx/c3x/c4x. Symbolic parameters are written as
 * expressions; `// qstore:` comments record input and weight order for {@link fromQasm}.
 * Other tools expect numeric parameters: bind symbols before exporting for them.
 */
export function toQasm(circuit: Circuit | CircuitIR): string {
  const ir = 'toIR' in circuit ? circuit.toIR() : circuit;
  const used = new Set(ir.operations.map((op) => op.gate));
  const lines = ['OPENQASM 2.0;', 'include "qelib1.inc";'];
  if ((ir.inputs ?? []).length > 0) lines.push(`// qstore:inputs ${ir.inputs!.join(',')}`);
  if ((ir.weights ?? []).length > 0) lines.push(`// qstore:weights ${ir.weights!.join(',')}`);
  for (const [name, definition] of Object.entries(DEFINITIONS))
    if (used.has(name as GateOperation['gate'])) lines.push(definition);
  lines.push(`qreg q[${ir.numQubits}];`);
  for (const op of ir.operations) lines.push(...statements(op));
  return `${lines.join('\n')}\n`;
}
