import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amplitudeEncoding, amplitudeState } from './amplitudeEncoding.js';
import { simulate } from './simulate.js';

describe('amplitudeEncoding', () => {
  it('should prepare random real and complex vectors exactly, as the direct path does', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.boolean(),
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
              minLength: 2 ** (n + 1),
              maxLength: 2 ** (n + 1),
            }),
          ),
        ),
        ([numQubits, complex, raw]) => {
          const values = complex ? raw : raw.slice(0, 2 ** numQubits);
          fc.pre(values.some((v) => Math.abs(v) > 1e-3));
          const direct = amplitudeState(values, { numQubits, complex }).amplitudes;
          const prepared = simulate(amplitudeEncoding(values, { numQubits, complex })).amplitudes;
          for (let i = 0; i < prepared.length; i++)
            expect(Math.abs(prepared[i]! - direct[i]!)).toBeLessThan(1e-12);
        },
      ),
      { numRuns: 150, seed: 3 },
    );
  });

  it('should encode sparse vectors and reject wrong lengths and zero norm', async () => {
    const state = simulate(amplitudeEncoding([0, 0, 0, 3, 0, 0, 0, -4], { numQubits: 3 }));
    expect(state.amplitude(3)[0]).toBeCloseTo(0.6, 14);
    expect(state.amplitude(7)[0]).toBeCloseTo(-0.8, 14);
    await expectQStoreError(
      () => amplitudeState([1, 2, 3], { numQubits: 2 }),
      'SHAPE_MISMATCH',
      /needs 4 values, got 3/,
    );
    await expectQStoreError(
      () => amplitudeEncoding([0, 0], { numQubits: 1 }),
      'INVALID_ARGUMENT',
      /non-zero norm/,
    );
  });
});
