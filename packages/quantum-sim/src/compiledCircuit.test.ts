import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxDistance,
  referenceExpectation,
  referenceState,
  toComplex,
} from '../test/denseReference.js';
import { maxDiff } from '../test/gradientAgreement.js';
import { operationArbitrary } from '../test/randomCircuit.js';
import { observableArbitrary, orderOneObservableArbitrary } from '../test/randomObservable.js';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { gradient } from './gradient.js';

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

describe('CompiledCircuit vjp after expectations of the same batch', () => {
  const reuseCase = fc.integer({ min: 1, max: 5 }).chain((n) =>
    fc.record({
      n: fc.constant(n),
      ops: fc.array(operationArbitrary(n, NAMES), { minLength: 1, maxLength: 16 }),
      observables: fc.array(orderOneObservableArbitrary(n), { minLength: 1, maxLength: 2 }),
      values: fc.array(
        fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000),
        {
          minLength: 6,
          maxLength: 6,
        },
      ),
      // What happens between the two calls.
      between: fc.constantFrom(
        'nothing',
        'other inputs',
        'weights changed in place',
        'shift',
        'gate changed',
      ),
    }),
  );

  it('should start from the kept states only for the very same batch', () => {
    fc.assert(
      fc.property(reuseCase, ({ n, ops, observables, values, between }) => {
        const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a', 'b'] });
        for (const op of ops) circuit.append(op);
        const batch = {
          inputs: Float64Array.of(values[0]!, values[1]!, values[2]!),
          weights: Float64Array.of(values[3]!, values[4]!),
          batchSize: 3,
          observables,
        };
        const upstream = Float64Array.from(
          { length: 3 * observables.length },
          (_, k) => 1 - 0.3 * k,
        );
        const compiled = new CompiledCircuit(circuit);
        const expectations = compiled.expectations(batch);
        const options = { ...batch, upstream };
        if (between === 'other inputs') options.inputs = batch.inputs.map((v) => v + 0.5);
        if (between === 'weights changed in place') batch.weights[1] = values[5]!;
        if (between === 'shift') {
          const one = { ...batch, inputs: batch.inputs.subarray(0, 1), batchSize: 1 };
          const shiftUpstream = upstream.subarray(0, observables.length);
          gradient(compiled, { ...one, upstream: shiftUpstream, method: 'parameter-shift' });
        }
        // A gate set directly (not through inputs or weights) and left changed.
        const changed = compiled.program.ops.findIndex((op) => op.exprs.length > 0 && !op.symbolic);
        const change = (c: CompiledCircuit): void => {
          if (between !== 'gate changed' || changed < 0) return;
          c.program.setGateParameter(changed, 0, c.program.ops[changed]!.values[0]! + 1);
        };
        change(compiled);
        const result = compiled.vjp(options);
        // A fresh circuit (changed the same way) runs every row's forward pass: the reference.
        const reference = new CompiledCircuit(circuit);
        change(reference);
        const fresh = reference.vjp(options);
        expect(maxDiff(result.expectations, fresh.expectations)).toBeLessThan(1e-12);
        expect(maxDiff(result.weightGradient, fresh.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(result.inputGradient, fresh.inputGradient)).toBeLessThan(1e-12);
        if (between === 'nothing') expect(result.expectations).toEqual(expectations);
      }),
      { numRuns: 200, seed: 61 },
    );
  });
});
