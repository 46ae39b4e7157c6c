import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { simulate } from './simulate.js';
import { StateVector } from './stateVector.js';

describe('simulate', () => {
  it('should prepare GHZ states exactly', () => {
    for (const n of [2, 5, 9]) {
      const circuit = new Circuit(n).h(0);
      for (let q = 1; q < n; q++) circuit.cx(q - 1, q);
      const probabilities = simulate(circuit).probabilities();
      expect(probabilities[0]).toBeCloseTo(0.5, 15);
      expect(probabilities[2 ** n - 1]).toBeCloseTo(0.5, 15);
      expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    }
  });

  it('should give the Fourier transform of a basis state', () => {
    const n = 4;
    const N = 2 ** n;
    for (const k of [1, 6, 11]) {
      const circuit = new Circuit(n);
      for (let q = 0; q < n; q++) if ((k >> q) & 1) circuit.x(q);
      for (let j = n - 1; j >= 0; j--) {
        circuit.h(j);
        for (let m = j - 1; m >= 0; m--) circuit.cp([j, m], Math.PI / 2 ** (j - m));
      }
      for (let q = 0; q < n / 2; q++) circuit.swap(q, n - 1 - q);
      const state = simulate(circuit);
      for (let j = 0; j < N; j++) {
        const [re, im] = state.amplitude(j);
        expect(re).toBeCloseTo(Math.cos((2 * Math.PI * j * k) / N) / Math.sqrt(N), 14);
        expect(im).toBeCloseTo(Math.sin((2 * Math.PI * j * k) / N) / Math.sqrt(N), 14);
      }
    }
  });

  it('should find the marked item of Grover search on 3 qubits with the textbook probability', () => {
    const marked = 0b101;
    const circuit = new Circuit(3);
    const all = [0, 1, 2];
    for (const q of all) circuit.h(q);
    const flipZeros = (): void => {
      for (const q of all) if (((marked >> q) & 1) === 0) circuit.x(q);
    };
    for (let iteration = 0; iteration < 2; iteration++) {
      flipZeros();
      circuit.mcz([0, 1], 2);
      flipZeros();
      for (const q of all) circuit.h(q).x(q);
      circuit.mcz([0, 1], 2);
      for (const q of all) circuit.x(q).h(q);
    }
    const theta = Math.asin(1 / Math.sqrt(8));
    expect(simulate(circuit).probabilities()[marked]).toBeCloseTo(Math.sin(5 * theta) ** 2, 14);
  });

  it('should start from a given state and require every parameter', async () => {
    const start = new StateVector(1, Float64Array.of(0, 0, 1, 0));
    expect(simulate(new Circuit(1).x(0), { initialState: start }).amplitude(0)).toEqual([1, 0]);
    await expectQStoreError(
      () => simulate(new Circuit(1).rx(0, 'theta')),
      'UNBOUND_PARAMETER',
      /theta/,
    );
    await expectQStoreError(
      () => simulate(new Circuit(2), { initialState: start }),
      'SHAPE_MISMATCH',
    );
  });

  it('should refuse more qubits than memory allows and say how much it would need', async () => {
    await expectQStoreError(
      () => simulate(new Circuit(34).h(0)),
      'RESOURCE_LIMIT',
      /34 qubits needs 256 GiB/,
    );
  });

  it('should read a custom unitary with its first listed qubit as the most significant bit', () => {
    const one = [1, 0] as [number, number];
    const zero = [0, 0] as [number, number];
    // The textbook CNOT: rows |00⟩, |01⟩, |10⟩, |11⟩ of (first qubit, second qubit).
    const cnot = [
      [one, zero, zero, zero],
      [zero, one, zero, zero],
      [zero, zero, zero, one],
      [zero, zero, one, zero],
    ];
    for (const [c, t] of [
      [0, 2],
      [2, 0],
      [1, 2],
    ] as const) {
      const custom = simulate(new Circuit(3).h(c).ry(t, 0.3).unitary(cnot, [c, t]));
      const builtIn = simulate(new Circuit(3).h(c).ry(t, 0.3).cx(c, t));
      for (let i = 0; i < 8; i++) {
        expect(custom.amplitude(i)[0]).toBeCloseTo(builtIn.amplitude(i)[0], 14);
        expect(custom.amplitude(i)[1]).toBeCloseTo(builtIn.amplitude(i)[1], 14);
      }
    }
  });
});
