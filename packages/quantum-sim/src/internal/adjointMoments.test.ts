import type { Observable } from '@qstore/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { expectGradientsAgree, maxDiff } from '../../test/gradientAgreement.js';
import { orderOneObservableArbitrary } from '../../test/randomObservable.js';
import { angleEncoding } from '../angleEncoding.js';
import { stronglyEntanglingLayers } from '../ansatzLayers.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { groupMoments, MomentSums } from './adjointMoments.js';
import { AdjointPlan } from './adjointPass.js';
import type { Step } from './fusionPlan.js';
import { WasmStateMemory } from './wasmStateMemory.js';

/** A plan entry of `dim` on `targets` (controls `controlMask`), with or without parameters. */
const entry = (targets: number[], parametric: boolean, dim = 2, controlMask = 0) => ({
  step: { targets, dim, controlMask } as unknown as Step,
  slots: parametric ? [{}] : [],
});

describe('groupMoments', () => {
  it('should group single-qubit steps on distinct qubits with at least two parametric ones', () => {
    const steps = [
      entry([0], true), // 0 ┐ a moment
      entry([1], false), // 1 │ (a constant member)
      entry([2], true), // 2 ┘
      entry([2], true), // 3 ┐ repeated qubit 2: a new moment
      entry([0], true), // 4 ┘
      entry([1], true, 2, 0b1), // 5: controlled, ends it
      entry([3], true), // 6: one parametric step alone stays a step
      entry([1], false), // 7
      entry([0, 1], true, 4), // 8: two-qubit
      entry([0], true), // 9 ┐ up to the CNOT block
      entry([1], true), // 10 ┘
    ];
    const block = { steps: [11, 12], forward: undefined, backward: undefined } as never;
    const schedule = [...Array(11).keys(), block, 13];
    expect(
      groupMoments(schedule, [...steps, entry([0], true), entry([1], true), entry([2], true)]),
    ).toEqual([
      { members: [0, 1, 2], parametric: [0, 2], qubits: [0, 2] },
      { members: [3, 4], parametric: [3, 4], qubits: [2, 0] },
      5,
      6,
      7,
      8,
      { members: [9, 10], parametric: [9, 10], qubits: [0, 1] },
      block,
      13,
    ]);
  });

  it('should keep 3 states per row for the reference model instead of one per parametric step', () => {
    const circuit = angleEncoding({ numFeatures: 10, rotation: 'Y' }).compose(
      stronglyEntanglingLayers({ numQubits: 10, layers: 4, prefix: 'w' }),
    );
    const plan = new AdjointPlan(new CompiledCircuit(circuit).program, 2 ** 30);
    // The first layer is in the product start; each other one is one moment.
    expect(plan.storedBytes).toBe(3 * 16 * 2 ** 10);
  });
});

const z = (qubit: number): Observable => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit }] }],
});
const pauli = (p: 'X' | 'Y' | 'Z', qubit: number) => ({ pauli: p, qubit });

/** The moment kernels and the JavaScript fallback, spied on (to check they are taken). */
const spies = () => ({
  moments: vi.spyOn(MomentSums.prototype, 'take'),
  wasm: vi.spyOn(WasmStateMemory.prototype, 'diagonalSums'),
});
afterEach(() => vi.restoreAllMocks());

/**
 * Asserts that the adjoint gradients of `circuit` equal parameter shift and finite differences
 * with kept states and with the undo sweep, that both sweeps agree to 1e-12 on a batch, and that
 * the JavaScript kernels give bit for bit what the WebAssembly ones give.
 */
function expectExactMoments(
  circuit: Circuit,
  options: { inputs: Float64Array; weights: Float64Array; observables: readonly Observable[] },
): void {
  const numInputs = circuit.toIR().inputs?.length ?? 0;
  const batchSize = numInputs === 0 ? 1 : options.inputs.length / numInputs;
  const upstream = Float64Array.from({ length: batchSize * options.observables.length }, (_, k) =>
    Math.cos(1 + 0.7 * k),
  );
  const batch = { ...options, batchSize, upstream };
  const [kept, undone] = [undefined, 0].map((adjointMemory) => {
    const compiled = new CompiledCircuit(circuit, { adjointMemory });
    expectGradientsAgree(compiled, {
      ...options,
      inputs: options.inputs.subarray(0, numInputs),
      upstream: upstream.subarray(0, options.observables.length),
    });
    const create = vi.spyOn(WasmStateMemory, 'create').mockReturnValue(undefined);
    const js = new CompiledCircuit(circuit, { adjointMemory });
    create.mockRestore();
    const result = compiled.vjp(batch);
    expect(js.vjp(batch)).toEqual(result);
    return result;
  });
  expect(maxDiff(kept!.weightGradient, undone!.weightGradient)).toBeLessThan(1e-12);
  expect(maxDiff(kept!.inputGradient, undone!.inputGradient)).toBeLessThan(1e-12);
  expect(maxDiff(kept!.expectations, undone!.expectations)).toBeLessThan(1e-12);
}

describe('adjoint moments', () => {
  const names = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, k) => `${prefix}${k}`);

  it('should differentiate moments of real, complex and constant members exactly', () => {
    const { moments, wasm } = spies();
    const w = names('w', 12);
    // Per layer: RY (real), RZ·RX (complex), H and S (constant), U3 on distinct qubits; CNOTs.
    const circuit = new Circuit(5, { weights: w });
    for (let layer = 0; layer < 2; layer++) {
      const k = 6 * layer;
      circuit
        .ry(0, w[k]!)
        .h(1)
        .rz(2, w[k + 1]!)
        .rx(2, w[k + 2]!)
        .s(3);
      circuit.u(4, [w[k + 3]!, w[k + 4]!, `0.5*${w[k + 5]}`]);
      for (let q = 0; q < 5; q++) circuit.cx(q, (q + 1) % 5);
    }
    circuit.rx(1, w[0]!).ry(3, w[1]!);
    expectExactMoments(circuit, {
      inputs: new Float64Array(0),
      weights: Float64Array.from(w, (_, k) => Math.sin(1.3 * k + 0.2) * 2),
      observables: [z(0), { terms: [{ coefficient: 0.7, ops: [pauli('X', 1), pauli('Y', 3)] }] }],
    });
    expect(moments).toHaveBeenCalled();
    expect(wasm).toHaveBeenCalled();
  });

  it('should differentiate input-dependent (re-uploading) members and controlled gates in a layer', () => {
    const { moments } = spies();
    const x = names('x', 4);
    const w = names('w', 16);
    const circuit = new Circuit(4, { inputs: x, weights: w });
    for (let layer = 0; layer < 3; layer++) {
      // Re-uploaded inputs in the moment, a controlled rotation and a CZ in the middle of it.
      for (let q = 0; q < 4; q++) circuit.rx(q, `${x[q]} * ${w[4 * layer + q]}`);
      circuit
        .crz([1, 2], w[12 + layer]!)
        .ry(0, x[3]!)
        .t(3)
        .rz(1, w[15]!)
        .cz(0, 3);
      for (let q = 0; q < 3; q++) circuit.cx(q, q + 1);
    }
    expectExactMoments(circuit, {
      inputs: Float64Array.from({ length: 3 * 4 }, (_, k) => Math.cos(2.1 * k) * 1.5),
      weights: Float64Array.from(w, (_, k) => Math.sin(0.9 * k + 0.4) * 2),
      observables: [z(2), { terms: [{ coefficient: -1.2, ops: [pauli('Y', 0), pauli('Z', 1)] }] }],
    });
    expect(moments).toHaveBeenCalled();
  });

  it('should differentiate moments of 12 qubits (a fold over several blocks)', () => {
    const { wasm } = spies();
    const n = 12;
    const w = names('w', 3 * n);
    const circuit = new Circuit(n, { weights: w });
    for (let q = 0; q < n; q++) circuit.h(q);
    for (let q = 0; q < n; q++) circuit.cx(q, (q + 1) % n);
    for (let q = 0; q < n; q++) circuit.rz(q, w[q]!).ry(q, w[n + q]!);
    for (let q = 0; q + 1 < n; q++) circuit.cz(q, q + 1);
    for (let q = 0; q < n; q++) circuit.rx(q, w[2 * n + q]!);
    expectExactMoments(circuit, {
      inputs: new Float64Array(0),
      weights: Float64Array.from(w, (_, k) => Math.sin(0.37 * k + 0.5) * 2),
      observables: [z(11), { terms: [{ coefficient: 0.8, ops: [pauli('X', 0), pauli('Y', 10)] }] }],
    });
    expect(wasm).toHaveBeenCalled();
  });

  it('should match parameter shift on random layered circuits, kept and undone, JS and SIMD', () => {
    const { moments } = spies();
    const gate = fc.constantFrom('ry', 'rz', 'rx', 'h', 's', 'sx', 'none', 'input');
    const layer = (n: number) =>
      fc.record({
        gates: fc.array(fc.array(gate, { minLength: 1, maxLength: 2 }), {
          minLength: n,
          maxLength: n,
        }),
        entangler: fc.constantFrom('cx', 'cz', 'crx', 'none'),
        controlled: fc.boolean(),
      });
    const caseArbitrary = fc.integer({ min: 2, max: 5 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        layers: fc.array(layer(n), { minLength: 1, maxLength: 3 }),
        observable: orderOneObservableArbitrary(n),
      }),
    );
    fc.assert(
      fc.property(caseArbitrary, ({ n, layers, observable }) => {
        const x = names('x', n);
        const w = names('w', 40);
        const circuit = new Circuit(n, { inputs: x, weights: w });
        let k = 0;
        for (const { gates, entangler, controlled } of layers) {
          gates.forEach((list, q) => {
            for (const g of list) {
              if (g === 'input') circuit.ry(q, `${x[q]} + ${w[k++ % 40]}`);
              else if (g === 'ry' || g === 'rz' || g === 'rx') circuit[g](q, w[k++ % 40]!);
              else if (g !== 'none') circuit[g](q);
            }
            // A controlled rotation in the middle of the layer.
            if (controlled && q === 0) circuit.cry([n - 1, 0], w[k++ % 40]!);
          });
          for (let q = 0; q + 1 < n && entangler !== 'none'; q++) {
            if (entangler === 'crx') circuit.crx([q, q + 1], w[k++ % 40]!);
            else circuit[entangler](q, q + 1);
          }
        }
        expectExactMoments(circuit, {
          inputs: Float64Array.from({ length: 2 * n }, (_, j) => Math.sin(3.7 * j + 1)),
          weights: Float64Array.from(w, (_, j) => Math.cos(1.7 * j) * 2.5),
          observables: [observable],
        });
      }),
      { numRuns: 40, seed: 17 },
    );
    expect(moments).toHaveBeenCalled();
  });
});
