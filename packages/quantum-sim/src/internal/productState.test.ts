import type { GateOperation } from '@qstore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDistance, referenceState, toComplex } from '../../test/denseReference.js';
import { expectGradientsAgree, maxDiff } from '../../test/gradientAgreement.js';
import { operationArbitrary } from '../../test/randomCircuit.js';
import { orderOneObservableArbitrary } from '../../test/randomObservable.js';
import { angleEncoding } from '../angleEncoding.js';
import { stronglyEntanglingLayers } from '../ansatzLayers.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { ProductStart, productMembers } from './productState.js';
import { Program } from './program.js';
import { WasmStateMemory } from './wasmStateMemory.js';

const NAMES = ['a', 'b', 'x0', 'x1'];
const value = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);
const rotation = fc.constantFrom('rx', 'ry', 'rz', 'p') as fc.Arbitrary<'rx' | 'ry' | 'rz' | 'p'>;

/** Runs of 1–3 rotations (or a fixed gate) on a random subset of qubits: the product start. */
const startArbitrary = (n: number): fc.Arbitrary<GateOperation[]> =>
  fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: 0, maxLength: n }),
      fc.array(
        fc.array(
          fc.oneof(
            fc.record({ gate: rotation, param: fc.constantFrom(...NAMES, '0.4') }),
            fc.record({ gate: fc.constantFrom('h', 's', 'x'), param: fc.constant(undefined) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        { minLength: n, maxLength: n },
      ),
    )
    .map(([qubits, runs]) =>
      qubits.flatMap((q, i) =>
        runs[i]!.map(({ gate, param }) => ({
          gate,
          qubits: [q],
          ...(param === undefined ? {} : { params: [param] }),
        })),
      ),
    );

const caseArbitrary = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    start: startArbitrary(n),
    // Then anything: controlled gates, inputs in later gates, re-uploading, custom unitaries.
    ops: fc.array(operationArbitrary(n, NAMES), { minLength: 0, maxLength: 12 }),
    observables: fc.array(orderOneObservableArbitrary(n), { minLength: 1, maxLength: 2 }),
    values: fc.array(value, { minLength: 4, maxLength: 4 }),
  }),
);

function circuitOf(c: { n: number; start: GateOperation[]; ops: GateOperation[] }): Circuit {
  const circuit = new Circuit(c.n, { inputs: ['x0', 'x1'], weights: ['a', 'b'] });
  for (const op of [...c.start, ...c.ops]) circuit.append(op);
  return circuit;
}

const stepsOf = (circuit: Circuit, pairFusion = false) =>
  new Program(circuit.toIR(), { pairFusion }).steps;

describe('product-state start', () => {
  it('should take the single-qubit runs that are the first step on their qubit', () => {
    const circuit = new Circuit(4)
      .h(0)
      .rz(0, 0.3)
      .ry(1, 0.2)
      .cx(1, 2)
      .rx(2, 0.1) // after the CNOT on its qubit: not a member
      .rx(3, 0.5) // first on qubit 3, after the CNOT: a member
      .rz(0, 0.7); // folded into qubit 0's run
    const members = productMembers(stepsOf(circuit));
    const steps = stepsOf(circuit);
    const memberTargets = steps.filter((_, i) => members[i]).map((s) => s.targets[0]);
    expect(memberTargets.sort()).toEqual([0, 1, 3]);
    // A controlled single-qubit gate is never a member; one member alone does not count.
    expect(productMembers(stepsOf(new Circuit(2).crz([0, 1], 0.4).ry(0, 0.2)))).toEqual([
      false,
      false,
    ]);
    expect(productMembers(stepsOf(new Circuit(2).ry(0, 0.2).cx(0, 1)))).toEqual([false, false]);
  });

  it('should give the dense reference state and adjoint = shift = differences on random circuits', () => {
    let used = 0;
    fc.assert(
      fc.property(caseArbitrary, fc.boolean(), (c, pairFusion) => {
        const circuit = circuitOf(c);
        const [x0, x1, a, b] = c.values as [number, number, number, number];
        const inputs = Float64Array.of(x0, x1);
        const weights = Float64Array.of(a, b);
        const compiled = new CompiledCircuit(circuit, { pairFusion });
        if (productMembers(compiled.program.steps).some(Boolean)) used++;
        const expected = referenceState(circuit.toIR(), { x0, x1, a, b });
        const state = toComplex(compiled.state({ inputs, weights }));
        expect(maxDistance(state, expected)).toBeLessThan(1e-12);
        const upstream = Float64Array.from(c.observables, (_, k) => 1 - 0.7 * k);
        const options = { inputs, weights, observables: c.observables, upstream };
        expectGradientsAgree(compiled, options);
        // vjp's forward pass (its own plan) starts from the same product: the same numbers.
        expect(compiled.vjp(options).expectations).toEqual(compiled.expectations(options));
        // The undo sweep (no kept states) ends at the product the same way.
        const undone = new CompiledCircuit(circuit, { pairFusion, adjointMemory: 0 });
        const [kept, undo] = [compiled.vjp(options), undone.vjp(options)];
        expect(maxDiff(kept.weightGradient, undo.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(kept.inputGradient, undo.inputGradient)).toBeLessThan(1e-12);
      }),
      { numRuns: 150, seed: 31 },
    );
    // Most cases must actually start from a product state.
    expect(used).toBeGreaterThan(75);
  });

  it('should start vjp from the product the forward run uses when real runs fold into CNOTs', () => {
    // Folded into CNOT·(I ⊗ RY) in the forward plan, RY on qubit 1 is not in that product; the
    // gradient's own plan (no folding) must leave it out too, or the values differ in the last bits.
    const circuit = new Circuit(3, { inputs: ['x0', 'x1'], weights: ['a', 'b'] })
      .ry(0, 'x0')
      .ry(1, 'x1')
      .ry(2, 'x0*x1')
      .rx(0, 'a')
      .cx(0, 1)
      .crz([1, 2], 'b');
    const compiled = new CompiledCircuit(circuit);
    const options = {
      inputs: Float64Array.of(0.1, 0.2, -0.5, 1.3, 2.0, -0.7),
      weights: Float64Array.of(0.3, -1.2),
      batchSize: 3,
      observables: [0, 1, 2].map((q) => ({
        terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit: q }] }],
      })),
      upstream: new Float64Array(9).fill(1),
    };
    expect(compiled.vjp(options).expectations).toEqual(compiled.expectations(options));
  });

  it('should carry λ back through the steps before the product that are not in it', () => {
    // RY on qubit 2 folds into the CNOT in the forward plan, so it is not in the product; the
    // gradient's own plan has it as a step before the product's runs, which λ must go through.
    const circuit = new Circuit(4, { weights: ['a', 'b'] })
      .ry(2, 0.3)
      .rx(0, 'a')
      .rx(1, 'b')
      .cx(2, 3);
    const compiled = new CompiledCircuit(circuit);
    const observables = [
      {
        terms: [
          {
            coefficient: 1,
            ops: [
              { pauli: 'Z' as const, qubit: 0 },
              { pauli: 'Z' as const, qubit: 2 },
            ],
          },
        ],
      },
    ];
    expectGradientsAgree(compiled, {
      weights: Float64Array.of(0.4, -0.9),
      observables,
      upstream: Float64Array.of(1),
    });
  });

  it('should differentiate the reference model (encoding fused into the first layer) exactly', () => {
    const n = 5;
    const circuit = angleEncoding({ numFeatures: n, rotation: 'Y' }).compose(
      stronglyEntanglingLayers({ numQubits: n, layers: 2, prefix: 'w' }),
    );
    const compiled = new CompiledCircuit(circuit);
    expect(productMembers(compiled.program.steps).filter(Boolean)).toHaveLength(n);
    const observables = [...Array(n).keys()].map((q) => ({
      terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit: q }] }],
    }));
    expectGradientsAgree(compiled, {
      inputs: Float64Array.from({ length: n }, (_, i) => Math.cos(i + 1)),
      weights: Float64Array.from(compiled.weightNames, (_, i) => Math.sin(i + 2)),
      observables,
      upstream: Float64Array.from(observables, (_, k) => 1 - 0.3 * k),
    });
  });

  it.each([2, 3, 5, 10, 11])(
    'should contract λ in WebAssembly to the very bits of the JavaScript loops (%i qubits)',
    (n) => {
      const circuit = new Circuit(n);
      for (let q = 0; q < n; q++)
        circuit
          .rz(q, 0.3 + q)
          .ry(q, 1.1 - q / 3)
          .rz(q, q / 7 - 0.5);
      const steps = stepsOf(circuit);
      expect(productMembers(steps).filter(Boolean)).toHaveLength(n);
      const lambda = Float64Array.from({ length: 2 << n }, (_, i) => Math.sin(3 * i + 1));
      const js = new ProductStart(steps, n);
      js.contract(lambda);
      // In a memory with room for the buffers, then in a full one (the JavaScript loops on the
      // WebAssembly λ).
      for (const full of [false, true]) {
        const memory = WasmStateMemory.create(16 << n)!;
        const view = memory.allocate(2 << n)!;
        view.set(lambda);
        while (full && memory.allocate(16) !== undefined);
        const wasm = new ProductStart(steps, n);
        wasm.contract(view);
        expect(wasm.environments.some((v) => v !== 0)).toBe(true);
        expect(wasm.environments.every((v, i) => Object.is(v, js.environments[i]))).toBe(true);
      }
    },
  );
});
