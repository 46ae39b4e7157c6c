import { createRng } from '@qstore/core';
import { Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { orthonormalizeColumns } from './kernels.js';
import { fullEigenpairs, topEigenpairs } from './topEigenpairs.js';

/** A d × d covariance-like matrix QΛQᵀ with the given spectrum. */
function psd(d: number, spectrum: (i: number) => number, seed: number): Float64Array {
  const rng = createRng(seed);
  // Columns of an orthonormalised Gaussian matrix: a random orthonormal basis.
  const basis = Float64Array.from({ length: d * d }, () => rng.normal());
  orthonormalizeColumns(basis, d, d);
  const out = new Float64Array(d * d);
  for (let c = 0; c < d; c++) {
    const lambda = spectrum(c);
    for (let i = 0; i < d; i++) {
      const vi = lambda * basis[i * d + c]!;
      for (let j = 0; j < d; j++) out[i * d + j]! += vi * basis[j * d + c]!;
    }
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
