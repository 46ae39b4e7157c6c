import { createRng, type Seed } from '@qstore/core';
import { Matrix, SingularValueDecomposition } from 'ml-matrix';
import {
  type BlockHook,
  orthonormalizeColumns,
  orthonormalizeRows,
  projectCentered,
  projectCenteredTransposed,
} from '../internal/kernels.js';
import type { MatrixView } from '../internal/matrix.js';
import { type ScatterOptions, scatterMatrix } from '../internal/scatterMatrix.js';
import { topEigenpairs } from '../internal/topEigenpairs.js';

/** What a solver finds: the leading components (unit rows) and their variances, largest first. */
export interface PcaSolution {
  readonly components: Float64Array[];
  readonly explainedVariance: Float64Array;
  readonly totalVariance: number;
}

/** The settings of the randomized solver. */
export interface RandomizedSettings {
  readonly seed: Seed;
  readonly oversamples: number;
  readonly powerIterations: number;
  /** Called after each block of rows of each pass over the data. */
  readonly onBlock?: BlockHook;
}

/**
 * Exact PCA from the eigen-decomposition of the d × d covariance: one pass over the data (split
 * over `scatter.workers` threads), so it suits many samples of a few hundred or thousand features
 * (784-pixel images).
 */
export function covarianceSolver(
  x: MatrixView,
  mean: Float64Array,
  k: number,
  scatter: ScatterOptions,
): PcaSolution {
  const d = x.cols;
  const covariance = scatterMatrix(x, mean, scatter).scatter;
  for (let i = 0; i < covariance.length; i++) covariance[i]! /= x.rows - 1;
  let totalVariance = 0;
  for (let i = 0; i < d; i++) totalVariance += covariance[i * d + i]!;
  const { values, vectors } = topEigenpairs(covariance, d, k);
  return {
    components: vectors,
    explainedVariance: values.map((v) => Math.max(v, 0)),
    totalVariance,
  };
}

/**
 * Randomized PCA (Halko, Martinsson & Tropp): a seeded Gaussian sketch of the centred data, a few
 * power iterations, then an exact SVD of the small projected matrix. Never forms a d × d matrix.
 */
export function randomizedSolver(
  x: MatrixView,
  mean: Float64Array,
  k: number,
  settings: RandomizedSettings,
): PcaSolution {
  const { rows: n, cols: d } = x;
  const l = Math.min(k + settings.oversamples, n, d);
  const rng = createRng(settings.seed);
  const omega = Float64Array.from({ length: l * d }, () => rng.normal());
  let q = projectCentered(x, mean, omega, l, settings.onBlock);
  orthonormalizeColumns(q, n, l);
  for (let it = 0; it < settings.powerIterations; it++) {
    const back = projectCenteredTransposed(x, mean, q, l, settings.onBlock);
    orthonormalizeRows(back, l, d);
    q = projectCentered(x, mean, back, l, settings.onBlock);
    orthonormalizeColumns(q, n, l);
  }
  // B = Qᵀ (X - mean) is l × d; its right singular vectors are the principal axes.
  const b = projectCenteredTransposed(x, mean, q, l, settings.onBlock);
  const bMatrix = new Matrix(l, d);
  for (let c = 0; c < l; c++) bMatrix.setRow(c, Array.from(b.subarray(c * d, (c + 1) * d)));
  const svd = new SingularValueDecomposition(bMatrix.transpose(), { autoTranspose: true });
  const singular = svd.diagonal;
  const axes = svd.leftSingularVectors;
  const components = Array.from({ length: k }, (_, c) => Float64Array.from(axes.getColumn(c)));
  const explainedVariance = Float64Array.from(singular.slice(0, k), (s) => (s * s) / (n - 1));
  return { components, explainedVariance, totalVariance: totalVarianceOf(x, mean) };
}

function totalVarianceOf(x: MatrixView, mean: Float64Array): number {
  let total = 0;
  for (let r = 0; r < x.rows; r++) {
    const base = r * x.cols;
    for (let i = 0; i < x.cols; i++) total += (x.data[base + i]! - mean[i]!) ** 2;
  }
  return total / (x.rows - 1);
}
