import type { CompiledExpression } from './compileExpression.js';
import type { Program } from './program.js';

/** One trainable gate parameter: parameter `k` of gate `op`, and the weights it depends on. */
export interface MetricParameter {
  readonly op: number;
  readonly k: number;
  readonly expr: CompiledExpression;
  /** Positions in `expr.symbols` that are weights (not inputs). */
  readonly weightSymbols: readonly number[];
}

/** A parameterised layer: trainable gates none of which depends on another. */
export interface MetricLayer {
  readonly params: readonly MetricParameter[];
  /** Gates to have applied before the layer is measured: its gates and all their ancestors. */
  readonly needed: Uint8Array;
  /** Index of the layer's last gate. */
  readonly last: number;
}

function bitsetHas(set: Uint32Array, i: number): boolean {
  return (set[i >>> 5]! & (1 << (i & 31))) !== 0;
}

/**
 * Splits a program's trainable gates into parameterised layers as PennyLane's `CircuitGraph` does:
 * walking the trainable parameters in circuit order, a parameter opens a new layer when its gate
 * has an ancestor (a gate it depends on through shared qubits) in the current layer. Gates of a
 * layer therefore act on disjoint qubits and commute.
 */
export function metricPlan(program: Program): MetricLayer[] {
  const ops = program.ops;
  const numInputs = program.inputNames.length;
  const words = (ops.length + 31) >>> 5;
  const ancestors: Uint32Array[] = [];
  const lastOnQubit = new Int32Array(program.numQubits).fill(-1);
  ops.forEach((op, i) => {
    const set = new Uint32Array(words);
    const qubits = [...op.targets];
    for (let q = 0; q < program.numQubits; q++) if (op.controlMask & (1 << q)) qubits.push(q);
    for (const q of qubits) {
      const parent = lastOnQubit[q]!;
      if (parent < 0) continue;
      const parentSet = ancestors[parent]!;
      for (let w = 0; w < words; w++) set[w] = set[w]! | parentSet[w]!;
      set[parent >>> 5] = set[parent >>> 5]! | (1 << (parent & 31));
    }
    for (const q of qubits) lastOnQubit[q] = i;
    ancestors.push(set);
  });

  const groups: MetricParameter[][] = [];
  let current: MetricParameter[] = [];
  ops.forEach((op, i) => {
    op.exprs.forEach((expr, k) => {
      const weightSymbols = expr.symbols.flatMap((s, j) => (s >= numInputs ? [j] : []));
      if (weightSymbols.length === 0) return;
      if (current.some((p) => p.op !== i && bitsetHas(ancestors[i]!, p.op))) {
        groups.push(current);
        current = [];
      }
      current.push({ op: i, k, expr, weightSymbols });
    });
  });
  if (current.length > 0) groups.push(current);

  return groups.map((params) => {
    const needed = new Uint8Array(ops.length);
    let last = 0;
    for (const { op } of params) {
      needed[op] = 1;
      last = Math.max(last, op);
      for (let j = 0; j < op; j++) if (bitsetHas(ancestors[op]!, j)) needed[j] = 1;
    }
    return { params, needed, last };
  });
}
