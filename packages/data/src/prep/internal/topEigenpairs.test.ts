import { createRng } from '@qstore/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { fullEigenpairs, topEigenpairs } from './topEigenpairs.js';

/** A d × d covariance-like matrix QΛQᵀ with the given spectrum. */
function psd(d: number, spectrum: (i: number) => number, seed: number): Float64Array {
  const rng = createRng(seed);
  const gaussian = new Matrix(d, d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) gaussian.set(i, j, rng.normal());
  const q = gaussian.add(gaussian.transpose());
  const basis = fullEigenpairs(q, d).vectors;
  const out = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const lambda = spectrum(c);
    const v = basis[c]!;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) out[i * d + j]! += lambda * v[i]! * v[j]!;
  }
  return out;
}

describe('topEigenpairs', () => {
  it('should match the full decomposition on a large matrix, by subspace iteration', () => {
    const d = 300;
    // A slowly decaying spectrum with a near-tie at positions 5/6.
    const matrix = psd(d, (i) => (i === 5 ? 100 / 6.001 : 100 / (i + 1)), 1);
    const k = 12;
    const fast = topEigenpairs(matrix, d, k);
    const full = fullEigenpairs(Matrix.from1DArray(d, d, matrix), k);
    expect(fast.method).toBe('subspace');
    for (let j = 0; j < k; j++) {
      expect(Math.abs(fast.values[j]! - full.values[j]!) / full.values[0]!).toBeLessThan(1e-12);
      const dot = fast.vectors[j]!.reduce((s, v, i) => s + v * full.vectors[j]![i]!, 0);
      expect(Math.abs(Math.abs(dot) - 1)).toBeLessThan(1e-8);
    }
  });
});
