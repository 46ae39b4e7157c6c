import type { Observable } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectGradientsAgree, maxDiff } from '../../test/gradientAgreement.js';
import { realOperation } from '../../test/randomRealCircuit.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { gradient } from '../gradient.js';
import { compileObservable } from './pauliTerms.js';
import { Program } from './program.js';
import { RealAdjointPlan } from './realAdjointPass.js';
import { accumulateObservableReal } from './realObservable.js';

/** Expressions of the inputs x0, x1 and weights a, b: shared, scaled and nonlinear. */
const NAMES = ['a', 'b', 'x0', 'x1', '2*a', 'a*x0', 'sin(x1)', '0.5*b-x0', 'a^2'];

/** A real observable: X/Z products, and products with an even number of Y. */
function realObservable(n: number): fc.Arbitrary<Observable> {
  const term = fc
    .tuple(
      fc.double({ min: -2, max: 2, noNaN: true }),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: 0, maxLength: n }),
      fc.array(fc.constantFrom('X' as const, 'Z' as const), { minLength: n, maxLength: n }),
      fc.boolean(),
    )
    .map(([coefficient, qubits, paulis, yy]) => ({
      coefficient,
      ops: qubits.map((qubit, i) => ({
        pauli: yy && qubits.length >= 2 && i < 2 ? ('Y' as const) : paulis[i]!,
        qubit,
      })),
    }));
  return fc.array(term, { minLength: 1, maxLength: 3 }).map((terms) => ({ terms }));
}

function layeredTail(circuit: Circuit, n: number): void {
  // RY on every qubit then a CNOT chain: pairs whose links chain in the backward sweep.
  for (let q = 0; q < n; q++) circuit.ry(q, q % 3 === 0 ? 'a' : q % 3 === 1 ? 'x0*b' : 0.3 * q);
  for (let q = 0; q + 1 < n; q++) circuit.cx(q, q + 1);
  for (let q = 1; q < n; q++) circuit.ry(q, `${q}*x1`);
  for (let q = n - 1; q > 0; q--) circuit.cx(q, q - 1);
}

const caseArbitrary = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(realOperation(n, NAMES), { minLength: 1, maxLength: 20 }),
    layered: fc.boolean(),
    observables: fc.array(realObservable(n), { minLength: 1, maxLength: 2 }),
    // Angles of order 1 (fc.double favours tiny values, whose gradients vanish).
    values: fc.array(
      fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000),
      { minLength: 4, maxLength: 4 },
    ),
    pairFusion: fc.boolean(),
  }),
);

function build(c: { n: number; ops: Parameters<Circuit['append']>[0][]; layered: boolean }) {
  const circuit = new Circuit(c.n, { inputs: ['x0', 'x1'], weights: ['a', 'b'] });
  for (const op of c.ops) circuit.append(op);
  if (c.layered) layeredTail(circuit, c.n);
  return circuit;
}

describe('real adjoint sweep', () => {
  it('should give adjoint = parameter shift = central differences to 1e-9 on random real circuits', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const compiled = new CompiledCircuit(build(c), { pairFusion: c.pairFusion });
        const options = {
          inputs: Float64Array.of(c.values[0]!, c.values[1]!),
          weights: Float64Array.of(c.values[2]!, c.values[3]!),
          observables: c.observables,
          upstream: Float64Array.from(c.observables, (_, k) => 1 - 0.7 * k),
        };
        expectGradientsAgree(compiled, options, () => {
          // Every step is real and so are the observables: the vjp took the real sweep.
          expect(compiled.program.lastRunReal).toBe(true);
        });
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('should give the same gradient with and without chained links, stored states or undo', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const n = c.n;
        const program = new Program(build({ ...c, layered: true }).toIR());
        const env = Float64Array.of(...c.values);
        const terms = c.observables.flatMap((o) => compileObservable(o, n));
        // Chained links or not × ψ stored by the forward pass (64 MiB) or undone (budget 0).
        const variants = [0, 99].flatMap((chainMinQubits) =>
          [undefined, 0].map((adjointMemory) => ({ chainMinQubits, adjointMemory })),
        );
        const gradients = variants.map((tuning) => {
          program.bind(env);
          const psi = new Float64Array(1 << n);
          const lambda = new Float64Array(1 << n);
          const plan = RealAdjointPlan.create(program, tuning)!;
          plan.forward(psi);
          expect(plan.stored).toBe(tuning.adjointMemory === undefined);
          accumulateObservableReal(lambda, psi, 1 << n, terms, 1);
          const out = new Float64Array(4);
          plan.run(env, psi, lambda, out);
          return out;
        });
        for (const other of gradients.slice(1)) {
          expect(maxDiff(gradients[0]!, other)).toBeLessThan(1e-12);
        }
        const compiled = new CompiledCircuit(build({ ...c, layered: true }));
        const shift = gradient(compiled, {
          inputs: env.subarray(0, 2),
          weights: env.subarray(2),
          observables: [{ terms: c.observables.flatMap((o) => o.terms) }],
          method: 'parameter-shift',
        });
        expect(maxDiff(gradients[0]!.subarray(2), shift.weights)).toBeLessThan(1e-9);
        expect(maxDiff(gradients[0]!.subarray(0, 2), shift.inputs)).toBeLessThan(1e-9);
      }),
      { numRuns: 80, seed: 23 },
    );
  });

  it('should give the same vjp with stored states and with the undo sweep past adjointMemory', async () => {
    // 10 qubits (chained links), inputs and weights, three rows, two calls: the arena is reused.
    const circuit = new Circuit(10, { inputs: ['x0', 'x1'], weights: ['a', 'b', 'c'] });
    for (let layer = 0; layer < 3; layer++) {
      for (let q = 0; q < 10; q++) circuit.ry(q, ['a', 'x0*b', '0.3*c+x1', 'x1'][(q + layer) % 4]!);
      for (let q = 0; q + 1 < 10; q++) circuit.cx(q, q + 1);
    }
    const z = (qubit: number) => ({ pauli: 'Z' as const, qubit });
    const observables = [
      { terms: [{ coefficient: 1, ops: [z(0)] }] },
      { terms: [{ coefficient: 0.5, ops: [z(3), z(9)] }] },
    ];
    const stored = new CompiledCircuit(circuit);
    const { storedBytes } = RealAdjointPlan.create(stored.program)!;
    expect(storedBytes).toBeGreaterThan(0);
    // A byte short of what the states need: the undo sweep.
    const undone = new CompiledCircuit(circuit, { adjointMemory: storedBytes - 1 });
    const never = new CompiledCircuit(circuit, { adjointMemory: 0 });
    for (const [adjointMemory, kept] of [
      [storedBytes, true],
      [storedBytes - 1, false],
    ] as const) {
      const plan = RealAdjointPlan.create(stored.program, { adjointMemory })!;
      plan.forward(new Float64Array(1024));
      expect(plan.stored).toBe(kept);
    }
    for (const weights of [Float64Array.of(0.3, -1.1, 0.7), Float64Array.of(2.1, 0.4, -0.2)]) {
      const options = {
        inputs: Float64Array.of(0.5, -0.4, 1.2, 0.1, -2, 0.9),
        weights,
        batchSize: 3,
        observables,
        upstream: Float64Array.of(1, -0.5, 0.3, 2, -1, 0.7),
      };
      const [a, b, c] = [stored, undone, never].map((compiled) => compiled.vjp(options));
      for (const other of [b!, c!]) {
        expect(maxDiff(a!.weightGradient, other.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(a!.inputGradient, other.inputGradient)).toBeLessThan(1e-12);
        expect(maxDiff(a!.expectations, other.expectations)).toBeLessThan(1e-14);
      }
      // The first row on its own: adjoint (stored states) = parameter shift = differences.
      expectGradientsAgree(stored, {
        weights,
        observables,
        inputs: options.inputs.subarray(0, 2),
        upstream: options.upstream.subarray(0, 2),
      });
    }
    for (const adjointMemory of [-1, Number.NaN]) {
      await expectQStoreError(
        () => new CompiledCircuit(circuit, { adjointMemory }),
        'INVALID_ARGUMENT',
        /adjointMemory must be a number of bytes ≥ 0/,
      );
    }
  });

  it('should fall back to the complex sweep for complex observables and gates', () => {
    const circuit = new Circuit(2, { weights: ['a'] }).ry(0, 'a').cx(0, 1).rz(1, 'a');
    const compiled = new CompiledCircuit(circuit);
    const y = { terms: [{ coefficient: 1, ops: [{ pauli: 'Y' as const, qubit: 1 }] }] };
    for (const [weights, observable] of [
      [Float64Array.of(0.7), y],
      [Float64Array.of(0), y],
      [
        Float64Array.of(0.7),
        { terms: [{ coefficient: 1, ops: [{ pauli: 'X' as const, qubit: 1 }] }] },
      ],
    ] as const) {
      const options = { weights, observables: [observable] };
      const adjoint = gradient(compiled, options);
      const shift = gradient(compiled, { ...options, method: 'parameter-shift' });
      expect(maxDiff(adjoint.weights, shift.weights)).toBeLessThan(1e-12);
    }
  });
});
