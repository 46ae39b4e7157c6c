import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { operationArbitrary } from '../test/randomCircuit.js';
import { observableArbitrary } from '../test/randomObservable.js';
import { Circuit } from './circuit.js';
import { simulate } from './simulate.js';
import { simulateDensity } from './simulateDensity.js';

const zObs = (qubit: number) => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit }] }],
});

describe('simulateDensity', () => {
  it('should equal |ψ⟩⟨ψ| of the state vector without noise (random circuits)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 4 })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.array(operationArbitrary(n, []), { maxLength: 15 }),
              observableArbitrary(n),
            ),
          ),
        ([n, ops, observable]) => {
          const circuit = new Circuit(n);
          for (const op of ops) circuit.append(op);
          const psi = simulate(circuit);
          const rho = simulateDensity(circuit);
          for (let r = 0; r < 2 ** n; r++) {
            for (let c = 0; c < 2 ** n; c++) {
              const [ar, ai] = psi.amplitude(r);
              const [br, bi] = psi.amplitude(c);
              const [re, im] = rho.entry(r, c);
              expect(Math.abs(re - (ar * br + ai * bi))).toBeLessThan(1e-12);
              expect(Math.abs(im - (ai * br - ar * bi))).toBeLessThan(1e-12);
            }
          }
          expect(Math.abs(rho.expectation(observable) - psi.expectation(observable))).toBeLessThan(
            1e-12,
          );
          expect(rho.purity()).toBeCloseTo(1, 12);
        },
      ),
      { numRuns: 60, seed: 23 },
    );
  });

  it('should apply the closed forms of each channel', () => {
    const plus = new Circuit(1).h(0);
    const one = new Circuit(1).x(0);
    const p = 0.3;
    // Depolarizing shrinks the Bloch vector by 1 − 4p/3.
    const depolarized = simulateDensity(plus, { noise: [{ kind: 'depolarizing', p }] });
    expect(
      depolarized.expectation({ terms: [{ coefficient: 1, ops: [{ pauli: 'X', qubit: 0 }] }] }),
    ).toBeCloseTo(1 - (4 * p) / 3, 14);
    // Amplitude damping moves |1⟩ to |0⟩ with probability γ.
    expect(
      simulateDensity(one, { noise: [{ kind: 'amplitude-damping', gamma: p }] }).probabilities()[0],
    ).toBeCloseTo(p, 14);
    // Phase damping keeps populations and shrinks coherences by √(1 − λ).
    const dephased = simulateDensity(plus, { noise: [{ kind: 'phase-damping', lambda: p }] });
    expect(dephased.entry(0, 1)[0]).toBeCloseTo(0.5 * Math.sqrt(1 - p), 14);
    expect(
      simulateDensity(one, { noise: [{ kind: 'bit-flip', p }] }).expectation(zObs(0)),
    ).toBeCloseTo(-(1 - 2 * p), 14);
    expect(
      simulateDensity(plus, { noise: [{ kind: 'phase-flip', p }] }).entry(0, 1)[0],
    ).toBeCloseTo(0.5 * (1 - 2 * p), 14);
    const noisyBell = simulateDensity(new Circuit(2).h(0).cx(0, 1), {
      noise: [{ kind: 'depolarizing', p: 0.1 }],
    });
    expect(noisyBell.purity()).toBeLessThan(1);
    expect(noisyBell.probabilities().reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
  });

  it('should reject bad probabilities and too many qubits', async () => {
    await expectQStoreError(
      () => simulateDensity(new Circuit(1).h(0), { noise: [{ kind: 'bit-flip', p: 1.5 }] }),
      'INVALID_ARGUMENT',
      /\[0, 1\]/,
    );
    await expectQStoreError(
      () => simulateDensity(new Circuit(13)),
      'RESOURCE_LIMIT',
      /density matrix of 13 qubits needs 1.0 GiB/,
    );
  });
});
