import {
  type LongWorkOptions,
  type Seed,
  StateError,
  type Tensor,
  ValidationError,
} from '@qstore/core';
import { columnMeans, projectCentered } from '../internal/kernels.js';
import {
  asMatrix,
  float64Tensor,
  type MatrixView,
  requireFinite,
  requireInteger,
} from '../internal/matrix.js';
import { defaultWorkers } from '../internal/scatterMatrix.js';
import type { DimensionReducer } from './dimensionReducer.js';
import { covarianceSolver, type PcaSolution, randomizedSolver } from './pcaSolvers.js';
import { type PcaState, parsePcaState } from './pcaState.js';

const SCOPE = 'data/pca';

/**
 * Up to this many features `auto` picks the covariance solver (n·d²/2 multiply-adds); above it the
 * randomized one (about 16·n·d·(k + 10)) is cheaper for a few components, as in scikit-learn.
 */
const COVARIANCE_MAX_FEATURES = 1000;

/**
 * How {@link Pca.fit} runs. `onProgress` gets `{ phase: 'pca', done, total }` in rows over all
 * passes; `signal` is checked between blocks of rows (abort it, e.g. from `onProgress`, to stop
 * with a `StateError` coded `ABORTED`).
 */
export interface PcaOptions extends LongWorkOptions {
  /** How many components to keep (1 … min(samples, features)). */
  nComponents: number;
  /**
   * `covariance`: exact, eigen-decomposition of the d × d covariance (one pass over the data);
   * `randomized`: seeded sketch + power iterations, never forms a d × d matrix;
   * `auto`: covariance up to 1000 features or when more than 80 % of the components are
   * wanted, randomized otherwise.
   * @default 'auto'
   */
  method?: 'auto' | 'covariance' | 'randomized';
  /** Seed of the randomized solver's sketch. @default 0 */
  seed?: Seed;
  /** Extra sketch columns of the randomized solver. @default 10 */
  oversamples?: number;
  /** Power iterations of the randomized solver. @default 7 */
  powerIterations?: number;
  /**
   * Threads that compute the covariance solver's scatter matrix (this one included; the
   * randomized solver always runs on this thread). `fit` stays synchronous: it blocks until the
   * worker threads are done, and they exit before it returns. Results are bit-identical from run
   * to run for a given count, and for uint8 data for every count.
   * @default min(os.availableParallelism(), 4) when samples × features² ≥ 2³¹, else 1
   */
  workers?: number;
  /**
   * The worker thread script, for bundlers that move it. @default `scatterWorker.js` next to the
   * package's `index.js` (also exported as `@qstore/data/scatterWorker`)
   */
  workerScript?: URL;
}

function checkedMatrix(x: Tensor, what: string): MatrixView {
  const m = asMatrix(x, { scope: SCOPE, what });
  requireFinite(m.data, { scope: SCOPE, what });
  return m;
}

/** A per-block hook that reports progress and stops with `ABORTED` once the signal is aborted. */
function progressHook(work: LongWorkOptions, total: number): (rows: number) => void {
  let done = 0;
  return (rows) => {
    if (work.signal?.aborted) {
      throw new StateError('ABORTED', 'PCA was aborted', {
        scope: SCOPE,
        cause: work.signal.reason,
      });
    }
    if (rows === 0) return;
    done += rows;
    work.onProgress?.({ phase: 'pca', done, total });
  };
}

/** Makes each component's largest-magnitude entry positive, so results do not depend on the solver's sign. */
function fixSigns(components: Float64Array[]): void {
  for (const component of components) {
    let largest = 0;
    for (const v of component) if (Math.abs(v) > Math.abs(largest)) largest = v;
    if (largest < 0) for (let i = 0; i < component.length; i++) component[i] = -component[i]!;
  }
}

/**
 * Principal component analysis (`DimensionReducer.pca`): fit on training data, project any data
 * with the same features. Agrees with scikit-learn's `PCA` (variance ratios, components up to sign).
 * Save it with `toJSON()`, restore it with {@link Pca.fromJSON}.
 */
export class Pca implements DimensionReducer {
  readonly name = 'pca';
  readonly #state: PcaState;
  readonly #mean: Float64Array;
  readonly #flatComponents: Float64Array;

  private constructor(state: PcaState) {
    this.#state = state;
    this.#mean = Float64Array.from(state.mean);
    this.#flatComponents = Float64Array.from(state.components.flat());
  }

  /**
   * Fits on `x` ([samples, features], any numeric dtype, read in place). Throws `SHAPE_MISMATCH`
   * for another rank, `NON_FINITE` for NaN/Infinity, `INVALID_ARGUMENT` for a bad component count.
   */
  static fit(x: Tensor, options: PcaOptions): Pca {
    const m = checkedMatrix(x, 'x');
    requireInteger(m.rows, { min: 2 }, { scope: SCOPE, what: 'number of samples' });
    const k = options.nComponents;
    requireInteger(
      k,
      { min: 1, max: Math.min(m.rows, m.cols) },
      { scope: SCOPE, what: 'nComponents' },
    );
    const requested = options.method ?? 'auto';
    const covarianceFits = m.cols <= COVARIANCE_MAX_FEATURES || k > 0.8 * Math.min(m.rows, m.cols);
    const method =
      requested === 'auto' ? (covarianceFits ? 'covariance' : 'randomized') : requested;
    const oversamples = options.oversamples ?? 10;
    const powerIterations = options.powerIterations ?? 7;
    requireInteger(oversamples, { min: 0 }, { scope: SCOPE, what: 'oversamples' });
    requireInteger(powerIterations, { min: 0 }, { scope: SCOPE, what: 'powerIterations' });
    const workers = options.workers ?? defaultWorkers(m.rows, m.cols);
    requireInteger(workers, { min: 1, max: 256 }, { scope: SCOPE, what: 'workers' });
    const passes = method === 'covariance' ? 1 : 2 * powerIterations + 2;
    const onBlock = progressHook(options, passes * m.rows);
    onBlock(0);
    const mean = columnMeans(m);
    const solution: PcaSolution =
      method === 'covariance'
        ? covarianceSolver(m, mean, k, { workers, onBlock, workerScript: options.workerScript })
        : randomizedSolver(m, mean, k, {
            seed: options.seed ?? 0,
            oversamples,
            powerIterations,
            onBlock,
          });
    fixSigns(solution.components as Float64Array[]);
    const variance = [...solution.explainedVariance];
    return new Pca({
      kind: 'qstore.pca',
      version: 1,
      method,
      nFeatures: m.cols,
      nSamples: m.rows,
      mean: [...mean],
      components: solution.components.map((c) => [...c]),
      explainedVariance: variance,
      explainedVarianceRatio: variance.map((v) =>
        solution.totalVariance > 0 ? v / solution.totalVariance : 0,
      ),
      singularValues: variance.map((v) => Math.sqrt(v * (m.rows - 1))),
    });
  }

  /** Restores a PCA saved with `toJSON()`; throws `INVALID_CONFIG` for anything else. */
  static fromJSON(value: unknown): Pca {
    return new Pca(parsePcaState(value));
  }

  /** The number of features it was fitted on. */
  get nFeatures(): number {
    return this.#state.nFeatures;
  }

  /** The number of components it keeps. */
  get outputDim(): number {
    return this.#state.components.length;
  }

  /** The principal axes, `[nComponents, nFeatures]`, unit rows, largest variance first. */
  get components(): Tensor<'float64'> {
    return float64Tensor(this.#flatComponents.slice(), [this.outputDim, this.nFeatures]);
  }

  /** The variance along each component (sample variance, n - 1). */
  get explainedVariance(): readonly number[] {
    return this.#state.explainedVariance;
  }

  /** Each component's share of the total variance. */
  get explainedVarianceRatio(): readonly number[] {
    return this.#state.explainedVarianceRatio;
  }

  /** The singular values of the centred training data along each component. */
  get singularValues(): readonly number[] {
    return this.#state.singularValues;
  }

  /** The per-feature mean removed before projecting. */
  get mean(): readonly number[] {
    return this.#state.mean;
  }

  /** Projects `x` ([samples, nFeatures]) onto the components: `[samples, nComponents]`. */
  transform(x: Tensor): Tensor<'float64'> {
    const m = checkedMatrix(x, 'x');
    if (m.cols !== this.nFeatures) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `x: expected ${this.nFeatures} features (as fitted), got ${m.cols}`,
        { scope: SCOPE, details: { expected: this.nFeatures, actual: m.cols } },
      );
    }
    const out = projectCentered(m, this.#mean, this.#flatComponents, this.outputDim);
    return float64Tensor(out, [m.rows, this.outputDim]);
  }

  /** Maps projected data (`[samples, nComponents]`) back to feature space. */
  inverseTransform(z: Tensor): Tensor<'float64'> {
    const m = checkedMatrix(z, 'z');
    const k = this.outputDim;
    const d = this.nFeatures;
    if (m.cols !== k) {
      throw new ValidationError('SHAPE_MISMATCH', `z: expected ${k} components, got ${m.cols}`, {
        scope: SCOPE,
      });
    }
    const out = new Float64Array(m.rows * d);
    for (let r = 0; r < m.rows; r++) {
      const row = out.subarray(r * d, (r + 1) * d);
      row.set(this.#mean);
      for (let c = 0; c < k; c++) {
        const weight = m.data[r * k + c]!;
        for (let i = 0; i < d; i++) row[i]! += weight * this.#flatComponents[c * d + i]!;
      }
    }
    return float64Tensor(out, [m.rows, d]);
  }

  /** The fitted state as plain JSON. */
  toJSON(): PcaState {
    return structuredClone(this.#state);
  }
}

/** Fits a PCA on `x` and returns the projection with the fitted model. */
export function pca(x: Tensor, options: PcaOptions): { projected: Tensor<'float64'>; model: Pca } {
  const model = Pca.fit(x, options);
  return { projected: model.transform(x), model };
}
