import type { GateOperation } from '@qstore/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDistance, referenceState, toComplex } from '../../test/denseReference.js';
import { expectGradientsAgree, maxDiff } from '../../test/gradientAgreement.js';
import { orderOneObservableArbitrary } from '../../test/randomObservable.js';
import { stronglyEntanglingLayers } from '../ansatzLayers.js';
import { Circuit } from '../circuit.js';
import { CompiledCircuit } from '../compiledCircuit.js';
import { applyMatrixOp } from './applyMatrixOp.js';
import { CX_BLOCK_MAX_QUBITS, type Scheduled, scheduleSteps } from './cxSchedule.js';
import { gatherPermutation } from './permutationKernel.js';
import { Program } from './program.js';

const NAMES = ['a', 'b', 'x0', 'x1'];
const value = fc.integer({ min: -3000, max: 3000 }).map((v) => v / 1000);

/** Rotations, CNOTs (often in a row), a few controlled and two-qubit gates. */
const opArbitrary = (n: number): fc.Arbitrary<GateOperation> =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .shuffledSubarray([...Array(n).keys()], { minLength: 2, maxLength: 2 })
        .map((qubits) => ({ gate: 'cx' as const, qubits })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(
          fc.constantFrom('rx', 'ry', 'rz'),
          fc.integer({ min: 0, max: n - 1 }),
          fc.constantFrom(...NAMES, '0.7'),
        )
        .map(([gate, q, p]) => ({ gate: gate as 'rx', qubits: [q], params: [p] })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.constantFrom('crz', 'rzz', 'swap'),
          fc.shuffledSubarray([...Array(n).keys()], { minLength: 2, maxLength: 2 }),
        )
        .map(([gate, qubits]) => ({
          gate: gate as 'crz',
          qubits,
          ...(gate === 'swap' ? {} : { params: ['b'] }),
        })),
    },
  );

const caseArbitrary = fc.integer({ min: 2, max: 6 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    ops: fc.array(opArbitrary(n), { minLength: 1, maxLength: 30 }),
    observables: fc.array(orderOneObservableArbitrary(n), { minLength: 1, maxLength: 2 }),
    values: fc.array(value, { minLength: 4, maxLength: 4 }),
  }),
);

const blocks = (schedule: readonly Scheduled[]): number[] =>
  schedule.flatMap((item) => (typeof item === 'number' ? [] : [item.steps.length]));

describe('CNOT blocks', () => {
  it('should gather a block exactly as its CNOTs swap amplitudes one by one', () => {
    const n = 5;
    const circuit = new Circuit(n);
    for (const [c, t] of [
      [0, 1],
      [1, 2],
      [2, 4],
      [4, 0],
      [3, 1],
    ] as const)
      circuit.cx(c, t);
    const program = new Program(circuit.toIR(), { pairFusion: false });
    const [block] = scheduleSteps(program.steps, n);
    expect(typeof block).toBe('object');
    const state = Float64Array.from({ length: 2 << n }, (_, i) => Math.cos(3 * i + 1));
    const swapped = state.slice();
    for (const step of program.steps) applyMatrixOp(swapped, n, step, program.scratch);
    const gathered = state.slice();
    gatherPermutation(
      gathered,
      n,
      (block as Exclude<Scheduled, number>).forward,
      new Float64Array(2 << n),
    );
    expect(gathered).toEqual(swapped);
    gatherPermutation(
      gathered,
      n,
      (block as Exclude<Scheduled, number>).backward,
      new Float64Array(2 << n),
    );
    expect(gathered).toEqual(state);
  });

  it('should put each entangling layer of an ansatz into one block, up to the qubit limit', () => {
    const steps = (n: number) =>
      new Program(stronglyEntanglingLayers({ numQubits: n, layers: 3 }).toIR()).steps;
    expect(blocks(scheduleSteps(steps(6), 6))).toEqual([6, 6, 6]);
    const big = CX_BLOCK_MAX_QUBITS + 1;
    expect(blocks(scheduleSteps(steps(big), big))).toEqual([]);
  });

  it('should give the dense reference state and adjoint = shift = differences on CNOT-heavy circuits', () => {
    let blocked = 0;
    fc.assert(
      fc.property(caseArbitrary, fc.boolean(), (c, pairFusion) => {
        const circuit = new Circuit(c.n, { inputs: ['x0', 'x1'], weights: ['a', 'b'] });
        for (const op of c.ops) circuit.append(op);
        const [x0, x1, a, b] = c.values as [number, number, number, number];
        const compiled = new CompiledCircuit(circuit, { pairFusion });
        if (blocks(scheduleSteps(compiled.program.steps, c.n)).length > 0) blocked++;
        const inputs = Float64Array.of(x0, x1);
        const weights = Float64Array.of(a, b);
        const state = toComplex(compiled.state({ inputs, weights }));
        expect(maxDistance(state, referenceState(circuit.toIR(), { x0, x1, a, b }))).toBeLessThan(
          1e-12,
        );
        const upstream = Float64Array.from(c.observables, (_, k) => 1 - 0.7 * k);
        const options = { inputs, weights, observables: c.observables, upstream };
        expectGradientsAgree(compiled, options);
        const undone = new CompiledCircuit(circuit, { pairFusion, adjointMemory: 0 });
        const [kept, undo] = [compiled.vjp(options), undone.vjp(options)];
        expect(maxDiff(kept.weightGradient, undo.weightGradient)).toBeLessThan(1e-12);
        expect(maxDiff(kept.inputGradient, undo.inputGradient)).toBeLessThan(1e-12);
        expect(maxDiff(kept.expectations, compiled.expectations(options))).toBeLessThan(1e-12);
      }),
      { numRuns: 150, seed: 53 },
    );
    expect(blocked).toBeGreaterThan(50);
  });
});
