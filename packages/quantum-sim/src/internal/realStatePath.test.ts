import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxDistance,
  referenceExpectation,
  referenceState,
  toComplex,
} from '../../test/denseReference.js';
import { observableArbitrary } from '../../test/randomObservable.js';
import { realOperation } from '../../test/randomRealCircuit.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { simulate } from '../simulate.js';
import { Program } from './program.js';
import { runRealFromZero } from './realStatePath.js';

const caseArbitrary = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(realOperation(n), { minLength: 0, maxLength: n > 6 ? 15 : 30 }),
    observable: observableArbitrary(n),
    a: fc.double({ min: -3, max: 3, noNaN: true }),
    x0: fc.double({ min: -3, max: 3, noNaN: true }),
    pairFusion: fc.boolean(),
  }),
);

describe('real-state path', () => {
  it('should agree with a dense-matrix reference to 1e-12 on random real circuits (n ≤ 8)', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ n, ops, observable, a, x0, pairFusion }) => {
        const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a'] });
        for (const op of ops) circuit.append(op);
        const compiled = new CompiledCircuit(circuit, { pairFusion });
        const inputs = Float64Array.of(x0);
        const weights = Float64Array.of(a);
        const state = compiled.state({ inputs, weights });
        // Every step is real, so the run above took the real-state path.
        expect(compiled.program.steps.every((step) => step.real)).toBe(true);
        const expected = referenceState(circuit.toIR(), { a, x0 });
        expect(maxDistance(toComplex(state), expected)).toBeLessThan(1e-12);
        const [value] = compiled.expectations({ inputs, weights, observables: [observable] });
        expect(Math.abs(value! - referenceExpectation(expected, observable, n))).toBeLessThan(
          1e-12,
        );
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  it('should give the same state with cache blocking and chained CNOT links', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 8 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            ops: fc.array(realOperation(n), { minLength: 1, maxLength: n > 6 ? 15 : 30 }),
            block: fc.integer({ min: 1, max: n }),
            chain: fc.boolean(),
            layers: fc.boolean(),
          }),
        ),
        ({ n, ops, block, chain, layers }) => {
          const circuit = new Circuit(n, { inputs: ['x0'], weights: ['a'] });
          for (const op of ops) circuit.append(op);
          // A rotation layer and a CNOT chain (in either direction): chained links.
          if (layers) {
            for (let q = 0; q < n; q++)
              circuit.ry(q, q % 2 === 0 ? 'a' : 0.3 * q).h(q === 1 ? 1 : 0);
            for (let q = 0; q + 1 < n; q++) circuit.cx(q, q + 1);
            for (let q = n - 1; q > 0; q--) circuit.ry(q - 1, 'x0').cx(q, q - 1);
          }
          const program = new Program(circuit.toIR());
          program.bind(Float64Array.of(0.4, -1.3));
          const state = new Float64Array(2 << n);
          const tuning = { blockQubits: block, chainMinQubits: chain ? 0 : 99 };
          expect(runRealFromZero(program.steps, n, state, tuning)).toBeGreaterThan(0);
          const expected = referenceState(circuit.toIR(), { x0: 0.4, a: -1.3 });
          expect(maxDistance(toComplex(state), expected)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 60, seed: 5 },
    );
  });

  it('should switch between the real and the complex path as the bound matrices change', () => {
    const circuit = new Circuit(3, { inputs: ['t'] }).h(0).cx(0, 1).p(2, 't').ry(2, 0.7).cx(1, 2);
    const compiled = new CompiledCircuit(circuit);
    for (const t of [Math.PI, 0.3, 0, -Math.PI / 2, Math.PI]) {
      const expected = referenceState(circuit.toIR(), { t });
      const state = compiled.state({ inputs: Float64Array.of(t) });
      expect(maxDistance(toComplex(state), expected)).toBeLessThan(1e-12);
      const viaSimulate = simulate(circuit, { params: { t } });
      expect(maxDistance(toComplex(viaSimulate.amplitudes), expected)).toBeLessThan(1e-12);
    }
  });
});
