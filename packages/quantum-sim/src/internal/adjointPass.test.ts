import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDiff } from '../../test/gradientAgreement.js';
import { operationArbitrary } from '../../test/randomCircuit.js';
import { orderOneObservableArbitrary } from '../../test/randomObservable.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { gradient } from '../gradient.js';
import { vjpRows } from '../vjpRows.js';

const NAMES = ['a', 'b', 'x0', 'x1'];
const value = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);

const caseArbitrary = fc.integer({ min: 1, max: 5 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(operationArbitrary(n, NAMES), { minLength: 1, maxLength: 16 }),
    observables: fc.array(orderOneObservableArbitrary(n), { minLength: 1, maxLength: 2 }),
    first: fc.array(value, { minLength: 2, maxLength: 2 }),
    second: fc.array(value, { minLength: 2, maxLength: 2 }),
    inputs: fc.array(value, { minLength: 6, maxLength: 6 }),
  }),
);

describe('adjoint sweep caches', () => {
  it('should recompute the weight-only derivatives when the weights change, not per row', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const circuit = new Circuit(c.n, { inputs: ['x0', 'x1'], weights: ['a', 'b'] });
        for (const op of c.ops) circuit.append(op);
        const options = (weights: number[]) => ({
          inputs: Float64Array.from(c.inputs),
          weights: Float64Array.from(weights),
          batchSize: 3,
          observables: c.observables,
          upstream: Float64Array.from({ length: 3 * c.observables.length }, (_, k) => 1 - 0.4 * k),
        });
        // One compiled circuit reused across weight vectors and a parameter-shift gradient
        // (which rebinds single gates) must give what a fresh one gives.
        const reused = new CompiledCircuit(circuit);
        reused.vjp(options(c.first));
        const [fresh, again] = [new CompiledCircuit(circuit), reused].map((compiled) =>
          compiled.vjp(options(c.second)),
        );
        // Rows after the first rebind only the input gates: each row as its own call agrees.
        const batch = options(c.second);
        const numObs = c.observables.length;
        for (let row = 0; row < 3; row++) {
          const one = new CompiledCircuit(circuit).vjp({
            ...batch,
            batchSize: 1,
            inputs: batch.inputs.subarray(2 * row, 2 * row + 2),
            upstream: batch.upstream.subarray(numObs * row, numObs * (row + 1)),
          });
          expect(
            maxDiff(one.inputGradient, fresh!.inputGradient.subarray(2 * row, 2 * row + 2)),
          ).toBe(0);
        }
        // One row per call (train's vjpRows): every call binds all gates, the weights stay.
        const byRows = new CompiledCircuit(circuit);
        vjpRows(byRows, options(c.first));
        const rows = vjpRows(byRows, options(c.second));
        expect(maxDiff(rows.inputGradient, fresh!.inputGradient)).toBeLessThan(1e-12);
        const summed = new Float64Array(2);
        for (let r = 0; r < 3; r++)
          for (let j = 0; j < 2; j++) summed[j]! += rows.weightGradients[2 * r + j]!;
        expect(maxDiff(summed, fresh!.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(again!.weightGradient, fresh!.weightGradient)).toBe(0);
        expect(maxDiff(again!.inputGradient, fresh!.inputGradient)).toBe(0);
        const single = {
          ...options(c.first),
          batchSize: 1,
          inputs: Float64Array.from(c.inputs.slice(0, 2)),
        };
        gradient(reused, {
          ...single,
          upstream: single.upstream.subarray(0, c.observables.length),
          method: 'parameter-shift',
        });
        const afterShift = reused.vjp(options(c.second));
        expect(maxDiff(afterShift.weightGradient, fresh!.weightGradient)).toBe(0);
        expect(maxDiff(afterShift.inputGradient, fresh!.inputGradient)).toBe(0);
      }),
      { numRuns: 100, seed: 41 },
    );
  });

  it('should follow a constant gate set directly on the program', () => {
    const build = (angle: number): Circuit =>
      new Circuit(2, { weights: ['a'] }).rx(0, angle).cx(0, 1).rz(1, 'a').rx(1, 0.4).ry(0, 0.5);
    // ⟨Z_0 Y_1⟩.
    const ops = (['Z', 'Y'] as const).map((pauli, qubit) => ({ pauli, qubit }));
    const options = {
      weights: Float64Array.of(0.7),
      observables: [{ terms: [{ coefficient: 1, ops }] }],
      upstream: Float64Array.of(1),
    };
    const compiled = new CompiledCircuit(build(0.3));
    compiled.vjp(options);
    // RX(0.3) → RX(1.1), set on the compiled program and left so.
    compiled.program.setGateParameter(0, 0, 1.1);
    const [got, expected] = [compiled, new CompiledCircuit(build(1.1))].map((c) => c.vjp(options));
    expect(maxDiff(got!.expectations, expected!.expectations)).toBeLessThan(1e-15);
    expect(maxDiff(got!.weightGradient, expected!.weightGradient)).toBeLessThan(1e-15);
  });
});
