import { createRng } from '@qstore/core';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { expectGradientsAgree, maxDiff } from '../test/gradientAgreement.js';
import { operationArbitrary } from '../test/randomCircuit.js';
import { observableArbitrary } from '../test/randomObservable.js';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { gradient } from './gradient.js';
import { WasmStateMemory } from './internal/wasmStateMemory.js';

const NAMES = ['a', 'b', 'x0', 'x1'];

const caseArbitrary = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(operationArbitrary(n, NAMES), { minLength: 1, maxLength: 20 }),
    observables: fc.array(observableArbitrary(n), { minLength: 1, maxLength: 2 }),
    // Order-1 values and some tiny ones (fc.double alone mostly gives tiny values, where many
    // derivatives vanish and a wrong bracket can go unseen).
    values: fc.array(
      fc.oneof(
        fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000),
        fc.double({ min: -3, max: 3, noNaN: true }),
      ),
      { minLength: 4, maxLength: 4 },
    ),
    pairFusion: fc.boolean(),
  }),
);

function build(
  {
    n,
    ops,
    pairFusion,
  }: {
    n: number;
    ops: Parameters<Circuit['append']>[0][];
    pairFusion: boolean;
  },
  adjointMemory?: number,
): CompiledCircuit {
  const circuit = new Circuit(n, { inputs: ['x0', 'x1'], weights: ['a', 'b'] });
  for (const op of ops) circuit.append(op);
  return new CompiledCircuit(circuit, { pairFusion, adjointMemory });
}

describe('gradient', () => {
  it('should give adjoint = parameter shift = central differences to 1e-9 on random circuits', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const compiled = build(c);
        const options = {
          inputs: Float64Array.of(c.values[0]!, c.values[1]!),
          weights: Float64Array.of(c.values[2]!, c.values[3]!),
          observables: c.observables,
          upstream: Float64Array.from(c.observables, (_, k) => 1 - 0.7 * k),
        };
        expectGradientsAgree(compiled, options);
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('should give the same vjp from kept states as from the undo sweep (adjointMemory 0)', () => {
    fc.assert(
      fc.property(caseArbitrary, (c) => {
        const options = {
          inputs: Float64Array.of(c.values[0]!, c.values[1]!, c.values[1]!, c.values[0]!),
          weights: Float64Array.of(c.values[2]!, c.values[3]!),
          batchSize: 2,
          observables: c.observables,
          upstream: Float64Array.from({ length: 2 * c.observables.length }, (_, k) => 1 - 0.3 * k),
        };
        const [kept, undone] = [undefined, 0].map((memory) => build(c, memory).vjp(options));
        expect(maxDiff(kept!.weightGradient, undone!.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(kept!.inputGradient, undone!.inputGradient)).toBeLessThan(1e-12);
        expect(maxDiff(kept!.expectations, undone!.expectations)).toBeLessThan(1e-12);
      }),
      { numRuns: 100, seed: 12 },
    );
  });

  it('should agree on real-rotation layers (the real adjoint kernel) with and without folding', () => {
    const circuit = new Circuit(4, { inputs: ['x'] });
    for (let layer = 0; layer < 3; layer++) {
      for (let q = 0; q < 4; q++)
        circuit
          .ry(q, `w${layer}_${q}`)
          .h(q)
          .ry(q, `${q + 1}*x`);
      for (let q = 0; q < 3; q++) circuit.cx(q, q + 1);
    }
    for (const pairFusion of [false, true]) {
      const compiled = new CompiledCircuit(circuit, { pairFusion });
      const options = {
        inputs: Float64Array.of(0.4),
        weights: Float64Array.from({ length: 12 }, (_, i) => Math.sin(i + 1)),
        observables: [
          {
            terms: [
              {
                coefficient: 1,
                ops: [
                  { pauli: 'Z' as const, qubit: 0 },
                  { pauli: 'X' as const, qubit: 3 },
                ],
              },
            ],
          },
        ],
      };
      const adjoint = gradient(compiled, options);
      const shift = gradient(compiled, { ...options, method: 'parameter-shift' });
      expect(maxDiff(adjoint.weights, shift.weights)).toBeLessThan(1e-9);
      expect(maxDiff(adjoint.inputs, shift.inputs)).toBeLessThan(1e-9);
    }
  });

  it('should match parameter shift through the WebAssembly kernels on a random complex circuit', () => {
    const rng = createRng(21);
    const n = 7;
    const inputs = Array.from({ length: n }, (_, q) => `x${q}`);
    const weights = Array.from({ length: 40 }, (_, k) => `w${k}`);
    const circuit = new Circuit(n, { inputs, weights });
    let k = 0;
    for (let layer = 0; layer < 2; layer++) {
      for (let q = 0; q < n; q++)
        circuit.rz(q, weights[k++]!).ry(q, inputs[q]!).rz(q, weights[k++]!);
      for (let q = 0; q < n; q++) circuit.cx(q, (q + 1) % n);
      const [c, t, u] = rng.shuffle(Array.from({ length: n }, (_, q) => q));
      circuit.crx([c!, t!], weights[k++]!).y(rng.int(0, n)).ccx([c!, u!, t!]);
    }
    const z = (q: number) => ({ pauli: 'Z' as const, qubit: q });
    const options = {
      inputs: Float64Array.from(inputs, () => rng.uniform(-3, 3)),
      weights: Float64Array.from({ length: weights.length }, () => rng.uniform(-3, 3)),
      observables: [
        ...Array.from({ length: n }, (_, q) => ({ terms: [{ coefficient: 1, ops: [z(q)] }] })),
        {
          terms: [
            {
              coefficient: 0.5,
              ops: [
                { pauli: 'X' as const, qubit: 1 },
                { pauli: 'Y' as const, qubit: 4 },
              ],
            },
          ],
        },
      ],
      upstream: Float64Array.from({ length: n + 1 }, () => rng.normal()),
    };
    const kernels = (['apply1', 'anti1', 'adjoint1'] as const).map((name) =>
      vi.spyOn(WasmStateMemory.prototype, name),
    );
    try {
      // Kept states (ψ read from the arena) and the undo sweep (ψ undone by the kernel too).
      for (const adjointMemory of [undefined, 0]) {
        const compiled = new CompiledCircuit(circuit, { adjointMemory });
        expectGradientsAgree(compiled, options);
        // Bit for bit what the JavaScript kernels give, as where no WebAssembly memory can be made.
        const create = vi.spyOn(WasmStateMemory, 'create').mockReturnValue(undefined);
        const js = new CompiledCircuit(circuit, { adjointMemory });
        create.mockRestore();
        const calls = () => kernels.map((kernel) => kernel.mock.calls.length);
        const before = calls();
        const [vjp, state] = [js.vjp(options), js.state(options)];
        expect(calls()).toEqual(before);
        expect(vjp).toEqual(compiled.vjp(options));
        expect(state).toEqual(compiled.state(options));
      }
      for (const kernel of kernels) expect(kernel).toHaveBeenCalled();
    } finally {
      for (const kernel of kernels) kernel.mockRestore();
    }
  });

  it('should make SPSA an unbiased, seeded estimate of the gradient', () => {
    const circuit = new Circuit(2).ry(0, 'a').ry(1, 'b').cx(0, 1).rx(1, '0.5*a');
    const compiled = new CompiledCircuit(circuit);
    const options = {
      weights: Float64Array.of(0.3, -0.8),
      observables: [{ terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit: 1 }] }] }],
    };
    const exact = gradient(compiled, options);
    const spsa = gradient(compiled, { ...options, method: 'spsa', samples: 4000, seed: 3 });
    expect(maxDiff(spsa.weights, exact.weights)).toBeLessThan(0.05);
    expect(gradient(compiled, { ...options, method: 'spsa', seed: 5 }).weights).toEqual(
      gradient(compiled, { ...options, method: 'spsa', seed: 5 }).weights,
    );
  });
});
