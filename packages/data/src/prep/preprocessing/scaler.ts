import { type Tensor, ValidationError } from '@qstore/core';
import { asMatrix, float64Tensor, type MatrixView, requireFinite } from '../internal/matrix.js';
import { parseScalerState, type ScalerMethod, type ScalerState } from './scalerState.js';

const SCOPE = 'data/preprocessing';

/** How {@link Scaler.fit} rescales. */
export interface ScalerOptions {
  /** The method. @default 'minmax' */
  method?: ScalerMethod;
  /** The target range of `minmax`. @default [0, 1] */
  featureRange?: readonly [number, number];
}

function checkedMatrix(x: Tensor, what: string): MatrixView {
  const m = asMatrix(x, { scope: SCOPE, what });
  requireFinite(m.data, { scope: SCOPE, what });
  return m;
}

function columnStats(
  m: MatrixView,
  method: 'minmax' | 'zscore',
): { offset: number[]; scale: number[] } {
  const offset: number[] = [];
  const scale: number[] = [];
  for (let j = 0; j < m.cols; j++) {
    if (method === 'minmax') {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < m.rows; i++) {
        const v = m.data[i * m.cols + j]!;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      offset.push(min);
      // A constant feature keeps scale 1 (maps to the range's low end), as scikit-learn does.
      scale.push(max - min || 1);
    } else {
      let sum = 0;
      for (let i = 0; i < m.rows; i++) sum += m.data[i * m.cols + j]!;
      const mean = sum / m.rows;
      let squares = 0;
      for (let i = 0; i < m.rows; i++) squares += (m.data[i * m.cols + j]! - mean) ** 2;
      offset.push(mean);
      scale.push(Math.sqrt(squares / m.rows) || 1);
    }
  }
  return { offset, scale };
}

/**
 * A feature scaler fitted on training data and applied unchanged to validation and test data
 * (`QuantumPreprocessor` normalize/standardize). Save it with `toJSON()` and restore it with
 * {@link Scaler.fromJSON}; it is part of a model checkpoint.
 */
export class Scaler {
  readonly #state: ScalerState;

  private constructor(state: ScalerState) {
    this.#state = state;
  }

  /**
   * Learns per-feature statistics from `x` ([samples, features], finite). Throws `SHAPE_MISMATCH`
   * for another rank, `NON_FINITE` for NaN/Infinity, `INVALID_ARGUMENT` for an empty or bad range.
   */
  static fit(x: Tensor, options: ScalerOptions = {}): Scaler {
    const method = options.method ?? 'minmax';
    const featureRange = options.featureRange ?? [0, 1];
    const m = checkedMatrix(x, 'x');
    if (m.rows === 0 || m.cols === 0) {
      throw new ValidationError('INVALID_ARGUMENT', 'x: expected at least one sample and feature', {
        scope: SCOPE,
      });
    }
    if (method === 'minmax' && !(featureRange[0] < featureRange[1])) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `featureRange: expected [low, high] with low < high, got [${featureRange.join(', ')}]`,
        { scope: SCOPE },
      );
    }
    const stats = method === 'l2' ? { offset: [], scale: [] } : columnStats(m, method);
    return new Scaler({
      kind: 'qstore.scaler',
      version: 1,
      method,
      nFeatures: m.cols,
      ...(method === 'minmax' ? { featureRange: [featureRange[0], featureRange[1]] } : {}),
      ...stats,
    });
  }

  /** Restores a scaler saved with `toJSON()`; throws `INVALID_CONFIG` for anything else. */
  static fromJSON(value: unknown): Scaler {
    return new Scaler(parseScalerState(value));
  }

  /** The method this scaler applies. */
  get method(): ScalerMethod {
    return this.#state.method;
  }

  /** The number of features it was fitted on. */
  get nFeatures(): number {
    return this.#state.nFeatures;
  }

  /** Rescales `x` ([samples, nFeatures]) into a new float64 tensor. */
  transform(x: Tensor): Tensor<'float64'> {
    return this.#apply(x, false);
  }

  /** Undoes {@link Scaler.transform} (not defined for `l2`, which forgets each row's length). */
  inverseTransform(x: Tensor): Tensor<'float64'> {
    if (this.#state.method === 'l2') {
      throw new ValidationError('INVALID_ARGUMENT', 'an l2 scaler cannot be inverted', {
        scope: SCOPE,
      });
    }
    return this.#apply(x, true);
  }

  /** The fitted state as plain JSON. */
  toJSON(): ScalerState {
    return structuredClone(this.#state);
  }

  #apply(x: Tensor, inverse: boolean): Tensor<'float64'> {
    const m = checkedMatrix(x, 'x');
    const { method, nFeatures, offset, scale } = this.#state;
    if (m.cols !== nFeatures) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `x: expected ${nFeatures} features (as fitted), got ${m.cols}`,
        { scope: SCOPE, details: { expected: nFeatures, actual: m.cols } },
      );
    }
    const out = new Float64Array(m.rows * m.cols);
    if (method === 'l2') {
      for (let i = 0; i < m.rows; i++) {
        let norm = 0;
        for (let j = 0; j < m.cols; j++) norm += m.data[i * m.cols + j]! ** 2;
        const length = norm === 0 ? 1 : Math.sqrt(norm);
        for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = m.data[i * m.cols + j]! / length;
      }
      return float64Tensor(out, [m.rows, m.cols]);
    }
    const [low, high] = this.#state.featureRange ?? [0, 1];
    const span = method === 'minmax' ? high - low : 1;
    const base = method === 'minmax' ? low : 0;
    for (let i = 0; i < m.rows; i++) {
      for (let j = 0; j < m.cols; j++) {
        const k = i * m.cols + j;
        out[k] = inverse
          ? ((m.data[k]! - base) / span) * scale[j]! + offset[j]!
          : ((m.data[k]! - offset[j]!) / scale[j]!) * span + base;
      }
    }
    return float64Tensor(out, [m.rows, m.cols]);
  }
}

/** Fits a scaler on `x` and returns `x` rescaled (QuantumPreprocessor.normalize). */
export function normalize(x: Tensor, options: ScalerOptions = {}): Tensor<'float64'> {
  return Scaler.fit(x, options).transform(x);
}

/** Each feature of `x` to mean 0 and (population) standard deviation 1. */
export function standardize(x: Tensor): Tensor<'float64'> {
  return normalize(x, { method: 'zscore' });
}
