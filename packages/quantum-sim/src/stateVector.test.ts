import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { simulate } from './simulate.js';
import { marginalCounts } from './stateVector.js';

describe('StateVector', () => {
  const state = simulate(
    new Circuit(3)
      .ry(0, 2 * Math.acos(Math.sqrt(0.2)))
      .h(2)
      .cx(2, 1),
  );

  it('should give probabilities of all qubits and of a subset', () => {
    const all = state.probabilities();
    expect(all[0b000]).toBeCloseTo(0.1, 14);
    expect(all[0b111]).toBeCloseTo(0.4, 14);
    const sub = state.probabilities([0, 2]);
    expect(Array.from(sub).map((p) => Number(p.toFixed(12)))).toEqual([0.1, 0.4, 0.1, 0.4]);
  });

  it('should compute Pauli expectations and Hamiltonians', () => {
    expect(
      state.expectation({ terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit: 0 }] }] }),
    ).toBeCloseTo(-0.6, 14);
    const zz = {
      coefficient: 2,
      ops: [
        { pauli: 'Z' as const, qubit: 1 },
        { pauli: 'Z' as const, qubit: 2 },
      ],
    };
    const xx = {
      coefficient: -1,
      ops: [
        { pauli: 'X' as const, qubit: 1 },
        { pauli: 'X' as const, qubit: 2 },
      ],
    };
    const identity = { coefficient: 0.5, ops: [] };
    expect(state.expectation({ terms: [zz, xx, identity] })).toBeCloseTo(2 - 1 + 0.5, 14);
  });

  it('should sample seeded shots with the right frequencies and marginalise counts', () => {
    const counts = state.sample({ shots: 20_000, seed: 42 });
    expect(counts).toEqual(state.sample({ shots: 20_000, seed: 42 }));
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(20_000);
    expect((counts['111'] ?? 0) / 20_000).toBeCloseTo(0.4, 1);
    expect(Object.keys(counts).sort()).toEqual(['000', '001', '110', '111']);
    const q0 = marginalCounts(counts, [0]);
    expect(q0['1']! / 20_000).toBeCloseTo(0.8, 1);
    expect(q0['0']! + q0['1']!).toBe(20_000);
    const sub = state.sample({ shots: 1000, seed: 1, qubits: [1, 2] });
    expect(Object.keys(sub).sort()).toEqual(['00', '11']);
  });

  it('should reject bad qubits and shot counts', async () => {
    await expectQStoreError(() => state.probabilities([0, 0]), 'INVALID_QUBIT');
    await expectQStoreError(() => state.probabilities([3]), 'INVALID_QUBIT');
    await expectQStoreError(() => state.sample({ shots: 0 }), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () => state.expectation({ terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit: 7 }] }] }),
      'INVALID_QUBIT',
    );
  });
});
