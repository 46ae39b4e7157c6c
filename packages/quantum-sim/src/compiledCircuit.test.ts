import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxDistance,
  referenceExpectation,
  referenceState,
  toComplex,
} from '../test/denseReference.js';
import { operationArbitrary } from '../test/randomCircuit.js';
import { observableArbitrary } from '../test/randomObservable.js';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';

const NAMES = ['a', 'b', 'x0'];

const caseArbitrary = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(operationArbitrary(n, NAMES), { minLength: 0, maxLength: n > 6 ? 12 : 25 }),
    observable: observableArbitrary(n),
    values: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 3, maxLength: 3 }),
    pairFusion: fc.boolean(),
  }),
);

describe('CompiledCircuit', () => {
  it('should agree with a dense-matrix reference to 1e-12 on random circuits (n ≤ 8)', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ n, ops, observable, values, pairFusion }) => {
        const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a', 'b'] });
        for (const op of ops) circuit.append(op);
        const env = { a: values[0]!, b: values[1]!, x0: values[2]! };
        const compiled = new CompiledCircuit(circuit, { pairFusion });
        const inputs = Float64Array.of(env.x0);
        const weights = Float64Array.of(env.a, env.b);
        const expected = referenceState(circuit.toIR(), env);
        expect(maxDistance(toComplex(compiled.state({ inputs, weights })), expected)).toBeLessThan(
          1e-12,
        );
        const [value] = compiled.expectations({ inputs, weights, observables: [observable] });
        expect(Math.abs(value! - referenceExpectation(expected, observable, n))).toBeLessThan(
          1e-12,
        );
      }),
      { numRuns: 120, seed: 7 },
    );
  });

  it('should measure observables changed in place since the last call, not a stale read-out', () => {
    const circuit = new Circuit(2).ry(0, 0.4).ry(1, 1.1);
    const compiled = new CompiledCircuit(circuit);
    const z = (qubit: number) => ({ pauli: 'Z' as const, qubit });
    const observables = [{ terms: [{ coefficient: 1, ops: [z(0)] }] }];
    const before = compiled.expectations({ observables })[0]!;
    observables[0] = { terms: [{ coefficient: 2, ops: [z(1)] }] };
    const after = compiled.expectations({ observables })[0]!;
    const fresh = new CompiledCircuit(circuit).expectations({ observables })[0]!;
    expect(after).toBe(fresh);
    expect(after).not.toBe(before);
  });
});

describe('CompiledCircuit fusion', () => {
  it('should give the same state with rotation layers folded into CNOTs as gate by gate', () => {
    const n = 6;
    const circuit = new Circuit(n);
    for (let layer = 0; layer < 3; layer++) {
      for (let q = 0; q < n; q++)
        circuit
          .ry(q, 0.3 * q + layer)
          .h(q === 2 ? 2 : q)
          .ry(q, -0.2 * layer);
      for (let q = 0; q + 1 < n; q++) circuit.cx(q, q + 1);
      circuit
        .cx(n - 1, 0)
        .rz(3, 0.4)
        .cx(3, 1);
    }
    const expected = referenceState(circuit.toIR());
    for (const pairFusion of [true, false]) {
      const compiled = new CompiledCircuit(circuit, { pairFusion });
      expect(maxDistance(toComplex(compiled.state({})), expected)).toBeLessThan(1e-12);
    }
  });
});
