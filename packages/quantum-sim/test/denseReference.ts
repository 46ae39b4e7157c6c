// A deliberately naive reference simulator for tests: every gate becomes a full 2^n × 2^n
// matrix built from its definition, and states are plain matrix–vector products.
import type { CircuitIR, GateOperation, Observable } from '@qstore/core';
import { parseExpression } from '../src/expression.js';
import { type BaseGate, baseMatrix, baseQubits } from '../src/gateMatrices.js';
import { GATE_SPECS } from '../src/gateSpecs.js';

export type Complex = [number, number];
export type Dense = Complex[][];

function evaluate(text: string | number, env: Record<string, number>): number {
  if (typeof text === 'number') return text;
  const walk = (node: ReturnType<typeof parseExpression>): number => {
    switch (node.kind) {
      case 'num':
        return node.value;
      case 'sym':
        return env[node.name]!;
      case 'neg':
        return -walk(node.arg);
      case 'call':
        return {
          sin: Math.sin,
          cos: Math.cos,
          tan: Math.tan,
          exp: Math.exp,
          ln: Math.log,
          sqrt: Math.sqrt,
          arccos: Math.acos,
          arcsin: Math.asin,
          arctan: Math.atan,
        }[node.fn](walk(node.arg));
      case 'bin': {
        const a = walk(node.left);
        const b = walk(node.right);
        return node.op === '+'
          ? a + b
          : node.op === '-'
            ? a - b
            : node.op === '*'
              ? a * b
              : node.op === '/'
                ? a / b
                : a ** b;
      }
    }
  };
  return walk(parseExpression(text));
}

/** The matrix of a gate on its own qubits (first qubit = most significant), controls included. */
export function gateUnitary(op: GateOperation, env: Record<string, number> = {}): Dense {
  const spec = GATE_SPECS[op.gate];
  if (spec.base === 'unitary')
    return op.matrix!.map((row) => row.map(([re, im]) => [re, im] as Complex));
  const controls = spec.controls === 'variadic' ? op.qubits.length - 1 : spec.controls;
  const k = baseQubits(spec.base as BaseGate);
  const flat = baseMatrix(
    spec.base as BaseGate,
    (op.params ?? []).map((p) => evaluate(p, env)),
    new Float64Array(2 * 4 ** k),
  );
  const d = 2 ** (controls + k);
  const bd = 2 ** k;
  const out: Dense = Array.from({ length: d }, (_, r) =>
    Array.from({ length: d }, (_, c) => [r === c ? 1 : 0, 0] as Complex),
  );
  // The controlled block is the last bd×bd block (all controls = 1).
  for (let r = 0; r < bd; r++) {
    for (let c = 0; c < bd; c++)
      out[d - bd + r]![d - bd + c] = [flat[2 * (r * bd + c)]!, flat[2 * (r * bd + c) + 1]!];
  }
  return out;
}

/** A dense 2^n × 2^n complex matrix, row-major, real and imaginary parts apart. */
interface DenseMatrix {
  readonly dim: number;
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** The gate embedded in n qubits: U[i][j] = G[sub(i)][sub(j)] when i and j agree elsewhere. */
export function embed(gate: Dense, qubits: readonly number[], n: number): DenseMatrix {
  const m = qubits.length;
  let mask = 0;
  for (const q of qubits) mask |= 1 << q;
  const sub = (i: number): number =>
    qubits.reduce((acc, q, k) => acc | (((i >> q) & 1) << (m - 1 - k)), 0);
  const dim = 2 ** n;
  const re = new Float64Array(dim * dim);
  const im = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      if ((i & ~mask) !== (j & ~mask)) continue;
      const [a, b] = gate[sub(i)]![sub(j)]!;
      re[i * dim + j] = a;
      im[i * dim + j] = b;
    }
  }
  return { dim, re, im };
}

export function matVec({ dim, re, im }: DenseMatrix, v: Complex[]): Complex[] {
  const out: Complex[] = [];
  for (let i = 0; i < dim; i++) {
    let sumRe = 0;
    let sumIm = 0;
    for (let j = 0; j < dim; j++) {
      const a = re[i * dim + j]!;
      const b = im[i * dim + j]!;
      const [c, d] = v[j]!;
      sumRe += a * c - b * d;
      sumIm += a * d + b * c;
    }
    out.push([sumRe, sumIm]);
  }
  return out;
}

/** The final state of a circuit from |0…0⟩ (or `initial`). */
export function referenceState(
  ir: CircuitIR,
  env: Record<string, number> = {},
  initial?: Complex[],
): Complex[] {
  let v: Complex[] =
    initial ?? Array.from({ length: 2 ** ir.numQubits }, (_, i) => [i === 0 ? 1 : 0, 0] as Complex);
  for (const op of ir.operations)
    v = matVec(embed(gateUnitary(op, env), op.qubits, ir.numQubits), v);
  return v;
}

const PAULI: Record<'X' | 'Y' | 'Z', Dense> = {
  X: [
    [
      [0, 0],
      [1, 0],
    ],
    [
      [1, 0],
      [0, 0],
    ],
  ],
  Y: [
    [
      [0, 0],
      [0, -1],
    ],
    [
      [0, 1],
      [0, 0],
    ],
  ],
  Z: [
    [
      [1, 0],
      [0, 0],
    ],
    [
      [0, 0],
      [-1, 0],
    ],
  ],
};

/** ⟨ψ|H|ψ⟩ with every Pauli embedded densely. */
export function referenceExpectation(state: Complex[], observable: Observable, n: number): number {
  let total = 0;
  for (const term of observable.terms) {
    let v = state;
    for (const { pauli, qubit } of term.ops) v = matVec(embed(PAULI[pauli], [qubit], n), v);
    total +=
      term.coefficient * state.reduce((acc, [a, b], i) => acc + a * v[i]![0] + b * v[i]![1], 0);
  }
  return total;
}

/** Interleaved Float64Array → complex pairs. */
export function toComplex(s: Float64Array): Complex[] {
  return Array.from({ length: s.length / 2 }, (_, i) => [s[2 * i]!, s[2 * i + 1]!] as Complex);
}

export function maxDistance(a: Complex[], b: Complex[]): number {
  return Math.max(...a.map(([re, im], i) => Math.hypot(re - b[i]![0], im - b[i]![1])));
}
