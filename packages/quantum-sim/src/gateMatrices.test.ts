import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import {
  BASE_GATES,
  type BaseGate,
  baseDerivative,
  baseMatrix,
  baseParams,
  baseQubits,
} from './gateMatrices.js';
import { GATE_SPECS } from './gateSpecs.js';
import { multiply, unitarityError } from './internal/complexMatrix.js';
import { simulate } from './simulate.js';

type M = Float64Array;
const I2 = Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0);
const X = Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0);
const Y = Float64Array.of(0, 0, 0, -1, 0, 1, 0, 0);
const Z = Float64Array.of(1, 0, 0, 0, 0, 0, -1, 0);

function kron(a: M, b: M): M {
  const out = new Float64Array(32);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const ar = a[2 * (2 * (r >> 1) + (c >> 1))]!,
        ai = a[2 * (2 * (r >> 1) + (c >> 1)) + 1]!;
      const br = b[2 * (2 * (r & 1) + (c & 1))]!,
        bi = b[2 * (2 * (r & 1) + (c & 1)) + 1]!;
      out[2 * (4 * r + c)] = ar * br - ai * bi;
      out[2 * (4 * r + c) + 1] = ar * bi + ai * br;
    }
  }
  return out;
}
const scale = (m: M, re: number, im = 0): M =>
  m.map((_, i) => (i % 2 === 0 ? re * m[i]! - im * m[i + 1]! : re * m[i]! + im * m[i - 1]!));
const add = (a: M, b: M): M => a.map((v, i) => v + b[i]!);
const mul = (b: M, a: M): M => multiply(new Float64Array(a.length), b, a, Math.sqrt(a.length / 2));
const identity = (d: number): M =>
  Float64Array.from({ length: 2 * d * d }, (_, i) =>
    i % 2 === 0 && (i / 2) % (d + 1) === 0 ? 1 : 0,
  );

/** exp(−i·t·G) by a Taylor series (G Hermitian, small norm). */
function expm(g: M, t: number): M {
  const d = Math.sqrt(g.length / 2);
  let term = identity(d);
  let sum = identity(d);
  const a = scale(g, 0, -t);
  for (let k = 1; k < 40; k++) {
    term = scale(mul(a, term), 1 / k);
    sum = add(sum, term);
  }
  return sum;
}

const gate = (name: BaseGate, ...params: number[]): M =>
  baseMatrix(name, params, new Float64Array(2 * 4 ** baseQubits(name)));
const dist = (a: M, b: M): number => Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));

describe('baseMatrix', () => {
  const theta = 0.731;

  it('should build the fixed gates from their definitions', () => {
    expect(dist(gate('x'), X)).toBe(0);
    expect(dist(gate('y'), Y)).toBe(0);
    expect(dist(gate('z'), Z)).toBe(0);
    expect(dist(gate('id'), I2)).toBe(0);
    expect(dist(gate('h'), scale(add(X, Z), Math.SQRT1_2))).toBeLessThan(1e-15);
    expect(dist(mul(gate('s'), gate('s')), Z)).toBeLessThan(1e-15);
    expect(dist(mul(gate('t'), gate('t')), gate('s'))).toBeLessThan(1e-15);
    expect(dist(mul(gate('sdg'), gate('s')), I2)).toBeLessThan(1e-15);
    expect(dist(mul(gate('tdg'), gate('t')), I2)).toBeLessThan(1e-15);
    expect(dist(mul(gate('sx'), gate('sx')), X)).toBeLessThan(1e-15);
    expect(dist(mul(gate('sxdg'), gate('sx')), I2)).toBeLessThan(1e-15);
    const swap = gate('swap');
    for (let c = 0; c < 4; c++) {
      const swapped = ((c & 1) << 1) | (c >> 1);
      expect(swap[2 * (4 * swapped + c)]).toBe(1);
    }
    const xxyy = add(kron(X, X), kron(Y, Y));
    expect(dist(gate('iswap'), expm(xxyy, -Math.PI / 4))).toBeLessThan(1e-14);
  });

  it('should build rotations as exp(−iθP/2) and phases from their definitions', () => {
    expect(dist(gate('rx', theta), expm(X, theta / 2))).toBeLessThan(1e-14);
    expect(dist(gate('ry', theta), expm(Y, theta / 2))).toBeLessThan(1e-14);
    expect(dist(gate('rz', theta), expm(Z, theta / 2))).toBeLessThan(1e-14);
    expect(dist(gate('rxx', theta), expm(kron(X, X), theta / 2))).toBeLessThan(1e-14);
    expect(dist(gate('ryy', theta), expm(kron(Y, Y), theta / 2))).toBeLessThan(1e-14);
    expect(dist(gate('rzz', theta), expm(kron(Z, Z), theta / 2))).toBeLessThan(1e-14);
    expect(
      dist(gate('p', theta), Float64Array.of(1, 0, 0, 0, 0, 0, Math.cos(theta), Math.sin(theta))),
    ).toBe(0);
    // U(θ, φ, λ) = e^{i(φ+λ)/2} RZ(φ) RY(θ) RZ(λ).
    const [phi, lambda] = [-1.2, 2.3];
    const expected = scale(
      mul(gate('rz', phi), mul(gate('ry', theta), gate('rz', lambda))),
      Math.cos((phi + lambda) / 2),
      Math.sin((phi + lambda) / 2),
    );
    expect(dist(gate('u', theta, phi, lambda), expected)).toBeLessThan(1e-14);
  });

  it('should make every gate unitary and every derivative match central differences', () => {
    const params = [0.4, -1.1, 2.2];
    for (const name of BASE_GATES) {
      const m = baseMatrix(name, params, new Float64Array(2 * 4 ** baseQubits(name)));
      expect(unitarityError(m, 2 ** baseQubits(name)), name).toBeLessThan(1e-14);
      for (let k = 0; k < baseParams(name); k++) {
        const h = 1e-6;
        const plus = [...params];
        const minus = [...params];
        plus[k] = plus[k]! + h;
        minus[k] = minus[k]! - h;
        const numeric = add(gate(name, ...plus), scale(gate(name, ...minus), -1)).map(
          (v) => v / (2 * h),
        );
        const exact = baseDerivative(name, params, k, new Float64Array(m.length));
        expect(dist(exact, numeric), `${name} ∂${k}`).toBeLessThan(1e-9);
      }
    }
  });
});

describe('controlled gates', () => {
  it('should apply their base gate to the targets exactly when every control is 1', () => {
    for (const [name, spec] of Object.entries(GATE_SPECS)) {
      if (spec.base === 'unitary' || spec.controls === 0) continue;
      const controls = spec.controls === 'variadic' ? 2 : spec.controls;
      const k = baseQubits(spec.base);
      const n = controls + k;
      const params = [0.7].slice(0, spec.params);
      const base = baseMatrix(spec.base, params, new Float64Array(2 * 4 ** k));
      // Qubits listed as [controls…, targets…] = [n−1, …, 0]: the first listed is the top bit.
      const qubits = Array.from({ length: n }, (_, i) => n - 1 - i);
      for (let input = 0; input < 2 ** n; input++) {
        const circuit = new Circuit(n);
        for (let q = 0; q < n; q++) if ((input >> q) & 1) circuit.x(q);
        circuit.gate(name as never, qubits, params);
        const state = simulate(circuit);
        const active = input >> k === 2 ** controls - 1;
        for (let out = 0; out < 2 ** n; out++) {
          const sameControls = out >> k === input >> k;
          const r = out & (2 ** k - 1);
          const c = input & (2 ** k - 1);
          const expected: [number, number] = !sameControls
            ? [0, 0]
            : active
              ? [base[2 * (r * 2 ** k + c)]!, base[2 * (r * 2 ** k + c) + 1]!]
              : [r === c ? 1 : 0, 0];
          const [re, im] = state.amplitude(out);
          expect(
            Math.abs(re - expected[0]) + Math.abs(im - expected[1]),
            `${name} |${input}⟩→|${out}⟩`,
          ).toBeLessThan(1e-15);
        }
      }
    }
  });
});
