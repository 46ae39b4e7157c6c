import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxDistance, toComplex } from '../test/denseReference.js';
import { operationArbitrary } from '../test/randomCircuit.js';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';

describe('Circuit', () => {
  it('should classify symbols into inputs and weights and keep them in the IR', () => {
    const circuit = new Circuit(2, { inputs: ['x0', 'x1'] })
      .rx(0, '2*x0')
      .ry(1, 'theta')
      .rz(0, 'theta + x1')
      .cp([0, 1], 'phi');
    expect(circuit.inputs).toEqual(['x0', 'x1']);
    expect(circuit.weights).toEqual(['theta', 'phi']);
    const ir = circuit.toIR();
    expect(Circuit.fromIR(ir).toIR()).toEqual(ir);
  });

  it('should undo itself with inverse() on random circuits', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((n) =>
            fc.tuple(fc.constant(n), fc.array(operationArbitrary(n, ['w']), { maxLength: 15 })),
          ),
        ([n, ops]) => {
          const circuit = new Circuit(n);
          for (const op of ops) circuit.append(op);
          const identity = new CompiledCircuit(circuit.compose(circuit.inverse()));
          const state = toComplex(
            identity.state({
              weights: identity.weightNames.length ? Float64Array.of(0.37) : undefined,
            }),
          );
          const zero = state.map((_, i) => [i === 0 ? 1 : 0, 0] as [number, number]);
          expect(maxDistance(state, zero)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 100, seed: 5 },
    );
  });

  it('should compose on mapped qubits, count gates, measure depth and draw', () => {
    const bell = new Circuit(2).h(0).cx(0, 1);
    const circuit = new Circuit(3).x(2).compose(bell, { qubits: [2, 0] });
    expect(circuit.operations.map((op) => [op.gate, ...op.qubits])).toEqual([
      ['x', 2],
      ['h', 2],
      ['cx', 2, 0],
    ]);
    expect(circuit.countOps()).toEqual({ x: 1, h: 1, cx: 1 });
    expect(circuit.depth()).toBe(3);
    expect(new Circuit(4).h(0).h(1).cx(0, 1).h(3).depth()).toBe(2);
    const drawing = new Circuit(3).h(0).cx(0, 2).rz(1, 'theta').draw();
    expect(drawing.split('\n')).toEqual([
      'q0: ─H──●────────────',
      'q1: ────│──RZ(theta)─',
      'q2: ────X────────────',
    ]);
  });

  it('should reject bad qubits, parameters and custom matrices with codes', async () => {
    const circuit = new Circuit(2);
    await expectQStoreError(() => circuit.h(2), 'INVALID_QUBIT', /qubit 2 is out of range/);
    await expectQStoreError(() => circuit.cx(1, 1), 'INVALID_QUBIT', /repeated/);
    await expectQStoreError(() => circuit.h(-1), 'INVALID_QUBIT');
    await expectQStoreError(() => circuit.rx(0, Number.NaN), 'NON_FINITE');
    await expectQStoreError(() => circuit.rx(0, '2*'), 'PARSE_ERROR', /1:3/);
    await expectQStoreError(() => circuit.gate('cx', [0]), 'INVALID_ARGUMENT', /expects 2 qubits/);
    await expectQStoreError(
      () => circuit.gate('rx', [0], []),
      'INVALID_ARGUMENT',
      /expects 1 parameters/,
    );
    await expectQStoreError(
      () =>
        circuit.unitary(
          [
            [
              [1, 0],
              [1, 0],
            ],
            [
              [0, 0],
              [1, 0],
            ],
          ],
          [0],
        ),
      'NOT_UNITARY',
      /not unitary/,
    );
    await expectQStoreError(() => circuit.unitary([[[1, 0]]], [0]), 'INVALID_ARGUMENT', /2×2/);
    await expectQStoreError(() => new Circuit(0), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () => new Circuit(1, { inputs: ['a'], weights: ['a'] }),
      'INVALID_ARGUMENT',
    );
    expect(circuit.operations).toHaveLength(0);
  });
});
