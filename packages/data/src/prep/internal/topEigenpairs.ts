import { createRng } from '@qstore/core';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { orthonormalizeRows, projectCentered } from './kernels.js';

/** The largest eigenvalues of a symmetric matrix, descending, with unit eigenvectors. */
export interface Eigenpairs {
  readonly values: Float64Array;
  readonly vectors: Float64Array[];
  /** How they were found (`subspace` only when the iteration converged). */
  readonly method: 'full' | 'subspace';
}

/** Below this size, or when most eigenpairs are wanted, a full decomposition is cheap enough. */
const FULL_DECOMPOSITION_MAX = 256;
const MAX_ITERATIONS = 1000;
const RESIDUAL_TOLERANCE = 1e-11;

/** Every eigenpair via ml-matrix (Householder tridiagonalisation + QL), largest `k` kept. */
export function fullEigenpairs(matrix: Matrix, k: number): Eigenpairs {
  const eigen = new EigenvalueDecomposition(matrix, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const order = values.map((_, i) => i).sort((a, b) => values[b]! - values[a]!);
  return {
    values: Float64Array.from(order.slice(0, k), (i) => values[i]!),
    vectors: order.slice(0, k).map((i) => Float64Array.from(eigen.eigenvectorMatrix.getColumn(i))),
    method: 'full',
  };
}

/** `count` rows of `vectors` (each of length d) multiplied by the symmetric d × d `matrix`. */
function multiply(
  matrix: Float64Array,
  d: number,
  vectors: Float64Array,
  count: number,
): Float64Array {
  // (M · Vᵀ) is d × count; its transpose holds the products as rows.
  const columns = projectCentered(
    { rows: d, cols: d, data: matrix },
    new Float64Array(d),
    vectors,
    count,
  );
  const out = new Float64Array(count * d);
  for (let i = 0; i < d; i++)
    for (let c = 0; c < count; c++) out[c * d + i] = columns[i * count + c]!;
  return out;
}

/** Row combinations `out_j = Σ_a weights[a][j] · rows_a`. */
function combine(rows: Float64Array, d: number, weights: Matrix, count: number): Float64Array {
  const out = new Float64Array(count * d);
  for (let j = 0; j < count; j++) {
    for (let a = 0; a < weights.rows; a++) {
      const w = weights.get(a, j);
      for (let i = 0; i < d; i++) out[j * d + i]! += w * rows[a * d + i]!;
    }
  }
  return out;
}

/**
 * The `k` largest eigenpairs of a symmetric positive semi-definite d × d matrix. Large matrices use
 * subspace iteration with Rayleigh–Ritz on k + 10 vectors until every wanted pair's residual
 * `‖Av − λv‖` is below 1e-11 · λ₁ (falling back to the full decomposition if it does not converge);
 * small ones use the full decomposition directly.
 */
export function topEigenpairs(matrix: Float64Array, d: number, k: number): Eigenpairs {
  const l = Math.min(d, k + 10);
  if (d <= FULL_DECOMPOSITION_MAX || 2 * l > d) {
    return fullEigenpairs(Matrix.from1DArray(d, d, matrix), k);
  }
  const rng = createRng('qstore-subspace-iteration');
  let basis: Float64Array = Float64Array.from({ length: l * d }, () => rng.normal());
  orthonormalizeRows(basis, l, d);
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    const image = multiply(matrix, d, basis, l);
    const projected = new Matrix(l, l);
    for (let a = 0; a < l; a++) {
      for (let b = a; b < l; b++) {
        let s = 0;
        for (let i = 0; i < d; i++) s += basis[a * d + i]! * image[b * d + i]!;
        projected.set(a, b, s);
        projected.set(b, a, s);
      }
    }
    const small = fullEigenpairs(projected, l);
    const weights = new Matrix(small.vectors.map((v) => [...v])).transpose();
    const ritz = combine(basis, d, weights, l);
    const ritzImage = combine(image, d, weights, l);
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let residual = 0;
      for (let i = 0; i < d; i++) {
        residual += (ritzImage[j * d + i]! - small.values[j]! * ritz[j * d + i]!) ** 2;
      }
      worst = Math.max(worst, Math.sqrt(residual));
    }
    if (worst <= RESIDUAL_TOLERANCE * Math.max(small.values[0]!, Number.MIN_VALUE)) {
      const vectors = Array.from({ length: k }, (_, j) => {
        const v = ritz.slice(j * d, (j + 1) * d);
        const norm = Math.hypot(...v);
        return v.map((x) => x / norm);
      });
      return { values: small.values.slice(0, k), vectors, method: 'subspace' };
    }
    basis = ritzImage;
    orthonormalizeRows(basis, l, d);
  }
  return fullEigenpairs(Matrix.from1DArray(d, d, matrix), k);
}
