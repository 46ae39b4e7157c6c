import type { Observable } from '@qstore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceExpectation, referenceState } from '../../test/denseReference.js';
import { operationArbitrary } from '../../test/randomCircuit.js';
import { realOperation } from '../../test/randomRealCircuit.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { gradient } from '../gradient.js';
import { DiagonalReadout, walshHadamard } from './diagonalReadout.js';

const z = (qubit: number) => ({ pauli: 'Z' as const, qubit });

/** ⟨Z_i⟩ for every qubit, ⟨Z_i Z_j⟩ for every pair and one weighted sum of Z products. */
function zzReadout(n: number, coefficients: readonly number[]): Observable[] {
  const out: Observable[] = [];
  for (let i = 0; i < n; i++) out.push({ terms: [{ coefficient: 1, ops: [z(i)] }] });
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) out.push({ terms: [{ coefficient: 1, ops: [z(i), z(j)] }] });
  out.push({
    terms: coefficients.map((coefficient, k) => ({
      coefficient,
      ops: [...Array(n).keys()].filter((q) => ((k + 1) >> q) & 1).map(z),
    })),
  });
  return out;
}

/** ⟨Z_i⟩ for every qubit and one weighted sum of the identity and single Z (the folded path). */
function localReadout(n: number, coefficients: readonly number[]): Observable[] {
  const out: Observable[] = [];
  for (let i = 0; i < n; i++) out.push({ terms: [{ coefficient: 1, ops: [z(i)] }] });
  out.push({
    terms: coefficients.map((coefficient, k) => ({
      coefficient,
      ops: k === 0 ? [] : [z((k - 1) % n)],
    })),
  });
  return out;
}

const value = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const caseArbitrary = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    // All-real circuits (the real-state path) or the whole gate set (the complex path).
    ops: fc.oneof(
      fc.array(realOperation(n, ['a', 'x0', '2*a']), { minLength: 1, maxLength: 20 }),
      fc.array(operationArbitrary(n, ['a', 'x0']), { minLength: 1, maxLength: 20 }),
    ),
    coefficients: fc.array(value, { minLength: 1, maxLength: 4 }),
    a: value,
    x0: value,
  }),
);

describe('readout of many diagonal observables', () => {
  it('should be the Walsh–Hadamard transform', () => {
    const x = Float64Array.of(0.5, -1, 2, 0.25);
    walshHadamard(x, 4);
    expect([...x]).toEqual([1.75, 3.25, -2.75, -0.25]);
  });

  it.each([
    ['Z and ZZ (transforms)', zzReadout],
    ['single Z and the identity (folds)', localReadout],
  ])(
    'should match the dense reference and parameter shift on real and complex circuits: %s',
    (_, readout) => {
      fc.assert(
        fc.property(caseArbitrary, ({ n, ops, coefficients, a, x0 }) => {
          const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a'] });
          for (const op of ops) circuit.append(op);
          const compiled = new CompiledCircuit(circuit);
          const observables = readout(n, coefficients);
          const options = { inputs: Float64Array.of(x0), weights: Float64Array.of(a), observables };
          const state = referenceState(circuit.toIR(), { a, x0 });
          const values = compiled.expectations(options);
          observables.forEach((o, k) => {
            expect(Math.abs(values[k]! - referenceExpectation(state, o, n))).toBeLessThan(1e-12);
          });
          const upstream = Float64Array.from(observables, (_, k) => Math.cos(k));
          const adjoint = gradient(compiled, { ...options, upstream });
          const shift = gradient(compiled, { ...options, upstream, method: 'parameter-shift' });
          expect(Math.abs(adjoint.weights[0]! - shift.weights[0]!)).toBeLessThan(1e-9);
          expect(Math.abs(adjoint.inputs[0]! - shift.inputs[0]!)).toBeLessThan(1e-9);
          expect(Math.abs(adjoint.value - shift.value)).toBeLessThan(1e-12);
        }),
        { numRuns: 100, seed: 29 },
      );
    },
  );

  it('should fold halves and build the diagonal by doubling as the transforms do', () => {
    // Probabilities of 3 qubits: ⟨Z_q⟩ = Σ p_j (−1)^{bit q of j}.
    const p = Float64Array.of(0.1, 0.2, 0.05, 0.15, 0.3, 0.02, 0.08, 0.1);
    const observables = [0, 1, 2].map((q) => [{ xMask: 0, zMask: 1 << q, re: 1, im: 0 }]);
    const readout = new DiagonalReadout(observables, 3);
    const out = new Float64Array(3);
    readout.expectations(p.map(Math.sqrt), false, out, 0);
    const expected = [0, 1, 2].map((q) =>
      p.reduce((acc, v, j) => acc + ((j >> q) & 1 ? -v : v), 0),
    );
    for (let q = 0; q < 3; q++) expect(out[q]).toBeCloseTo(expected[q]!, 15);
    const s = Float64Array.from({ length: 8 }, (_, j) => j + 1);
    const lambda = new Float64Array(8);
    const upstream = Float64Array.of(0.5, -2, 3);
    readout.backward({ s, complex: false, upstream, offset: 0, lambda });
    for (let j = 0; j < 8; j++) {
      const d = [0, 1, 2].reduce((acc, q) => acc + upstream[q]! * ((j >> q) & 1 ? -1 : 1), 0);
      expect(lambda[j]).toBe(d * (j + 1));
    }
  });
});
