import type { GateOperation } from '@qstore/core';

/**
 * Assigns each operation to the earliest layer after every earlier operation on its qubits
 * (`span` also blocks the qubits between, for drawing). Returns the layer of each operation.
 */
export function assignLayers(
  numQubits: number,
  operations: readonly GateOperation[],
  span = false,
): number[] {
  const free = new Array<number>(numQubits).fill(0);
  return operations.map((op) => {
    const lo = Math.min(...op.qubits);
    const hi = Math.max(...op.qubits);
    const used = span ? Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) : op.qubits;
    const layer = Math.max(...used.map((q) => free[q]!));
    for (const q of used) free[q] = layer + 1;
    return layer;
  });
}

/** The number of layers when gates on disjoint qubits run in parallel. */
export function circuitDepth(numQubits: number, operations: readonly GateOperation[]): number {
  const layers = assignLayers(numQubits, operations);
  return layers.length === 0 ? 0 : Math.max(...layers) + 1;
}
