import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import {
  applyReadoutError,
  calibrationFromDistributions,
  calibrationMatrix,
  mitigateReadout,
} from './readoutMitigation.js';
import { countsToProbabilities, sampleCounts } from './sampleCounts.js';
import { simulate } from './simulate.js';
import { simulateDensity } from './simulateDensity.js';
import { extrapolateToZero, foldGates } from './zeroNoiseExtrapolation.js';

describe('readout mitigation', () => {
  it('should undo readout errors from a calibration measured with shots', () => {
    const n = 3;
    const errors = [
      { p01: 0.05, p10: 0.1 },
      { p01: 0.02, p10: 0.08 },
      { p01: 0.1, p10: 0.03 },
    ];
    const truth = calibrationMatrix(errors, n);
    const shots = 200_000;
    const measuredCalibration = Array.from({ length: 8 }, (_, prepared) => {
      const ideal = Float64Array.from({ length: 8 }, (_, i) => (i === prepared ? 1 : 0));
      return countsToProbabilities(
        sampleCounts(applyReadoutError(ideal, truth), { shots, seed: prepared }),
        n,
      );
    });
    const calibration = calibrationFromDistributions(measuredCalibration);
    const ideal = simulate(new Circuit(n).h(0).cx(0, 1).ry(2, 1.1)).probabilities();
    const noisy = countsToProbabilities(
      sampleCounts(applyReadoutError(ideal, truth), { shots, seed: 99 }),
      n,
    );
    const mitigated = mitigateReadout(noisy, calibration);
    const error = (p: ArrayLike<number>): number =>
      Math.max(...Array.from(p, (v, i) => Math.abs(v - ideal[i]!)));
    expect(error(noisy)).toBeGreaterThan(0.03);
    expect(error(mitigated)).toBeLessThan(0.01);
  });

  it('should reject bad error rates and shapes', async () => {
    await expectQStoreError(() => calibrationMatrix({ p01: -0.1, p10: 0 }, 1), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () => mitigateReadout([0.5, 0.5], new Float64Array(9)),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(() => countsToProbabilities({ '2': 1 }, 1), 'INVALID_ARGUMENT');
  });
});

describe('zero-noise extrapolation', () => {
  const circuit = new Circuit(2).ry(0, 0.9).cx(0, 1).rx(1, 0.4).cz(0, 1).ry(1, -0.3);
  const zz = {
    terms: [
      {
        coefficient: 1,
        ops: [
          { pauli: 'Z' as const, qubit: 0 },
          { pauli: 'Z' as const, qubit: 1 },
        ],
      },
    ],
  };

  it('should fold circuits without changing what they compute', () => {
    for (const scale of [1, 2.2, 3, 4.6, 5]) {
      const folded = foldGates(circuit, scale);
      expect(folded.operations.length / circuit.operations.length).toBeCloseTo(scale, 0);
      expect(simulate(folded).expectation(zz)).toBeCloseTo(simulate(circuit).expectation(zz), 12);
    }
  });

  it('should move noisy expectations towards the ideal value with linear and Richardson fits', () => {
    const ideal = simulate(circuit).expectation(zz);
    const scales = [1, 3, 5];
    const noise = [{ kind: 'depolarizing' as const, p: 0.01 }];
    const values = scales.map((s) =>
      simulateDensity(foldGates(circuit, s), { noise }).expectation(zz),
    );
    const raw = Math.abs(values[0]! - ideal);
    expect(Math.abs(extrapolateToZero({ scales, values }) - ideal)).toBeLessThan(raw / 5);
    expect(Math.abs(extrapolateToZero({ scales, values, method: 'linear' }) - ideal)).toBeLessThan(
      raw / 2,
    );
    expect(extrapolateToZero({ scales: [1, 2], values: [3, 5] })).toBeCloseTo(1, 14);
  });

  it('should reject scales below one and degenerate fits', async () => {
    await expectQStoreError(() => foldGates(circuit, 0.5), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () => extrapolateToZero({ scales: [1, 1], values: [1, 2] }),
      'INVALID_ARGUMENT',
    );
  });
});
