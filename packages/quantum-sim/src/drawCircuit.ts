import type { CircuitIR, GateOperation } from '@qstore/core';
import { GATE_SPECS } from './gateSpecs.js';
import { assignLayers } from './internal/circuitDepth.js';

function label(op: GateOperation): string {
  const name =
    op.gate === 'mcx' ? 'X' : op.gate === 'mcz' ? 'Z' : GATE_SPECS[op.gate].base.toUpperCase();
  const params =
    op.params === undefined || op.params.length === 0 ? '' : `(${op.params.join(',')})`;
  return `${name}${params}`;
}

/** The text cell of each qubit a gate touches or crosses. */
function cells(op: GateOperation): Map<number, string> {
  const spec = GATE_SPECS[op.gate];
  const controls = spec.controls === 'variadic' ? op.qubits.length - 1 : spec.controls;
  const out = new Map<number, string>();
  const lo = Math.min(...op.qubits);
  const hi = Math.max(...op.qubits);
  for (let q = lo + 1; q < hi; q++) out.set(q, '│');
  op.qubits.forEach((q, i) => {
    if (i < controls) out.set(q, '●');
    else if (op.gate === 'swap' || op.gate === 'cswap') out.set(q, '×');
    else out.set(q, op.qubits.length - controls > 1 ? `${label(op)}[${i - controls}]` : label(op));
  });
  return out;
}

/**
 * Draws a circuit as text: one line per qubit (`q0: ─H─●─`), one column per layer; controls
 * are `●`, SWAP ends `×`, vertical wires `│`, multi-qubit targets `NAME[k]`.
 */
export function drawCircuit(circuit: CircuitIR): string {
  const layers = assignLayers(circuit.numQubits, circuit.operations, true);
  const numLayers = layers.length === 0 ? 0 : Math.max(...layers) + 1;
  const grid: (string | undefined)[][] = Array.from({ length: circuit.numQubits }, () =>
    new Array<string | undefined>(numLayers).fill(undefined),
  );
  circuit.operations.forEach((op, i) => {
    for (const [q, text] of cells(op)) grid[q]![layers[i]!] = text;
  });
  const widths = Array.from({ length: numLayers }, (_, l) =>
    Math.max(1, ...grid.map((row) => (row[l] ?? '').length)),
  );
  const prefix = String(circuit.numQubits - 1).length + 2;
  return grid
    .map((row, q) => {
      const body = row
        .map((cell, l) => {
          const text = cell ?? '─';
          const pad = widths[l]! - text.length;
          return `─${text}${'─'.repeat(pad)}─`;
        })
        .join('');
      return `${`q${q}:`.padEnd(prefix + 1)}${body}`;
    })
    .join('\n');
}
