import { reshape, type Seed, type Tensor, ValidationError } from '@qstore/core';
import { asMatrix, float64Tensor, requireInteger } from '../internal/matrix.js';
import { Scaler } from '../preprocessing/scaler.js';
import type { DimensionReducer } from '../reduction/dimensionReducer.js';
import { Pca } from '../reduction/pca.js';
import { amplitudeEncode } from './amplitudeEncode.js';
import { ANGLE_RANGES, angleEncode } from './angleEncode.js';
import { basisEncode } from './basisEncode.js';
import { capacity, type Encoding, qubitsFor } from './qubits.js';

const SCOPE = 'data/encoding';

/** How {@link prepareForQuantum} reduces and encodes. */
export interface PrepareForQuantumOptions {
  /** Features after reduction (PCA when the data has more, zero padding when it has fewer). */
  targetDim: number;
  /** The encoding. */
  encoding: Encoding;
  /** Qubits of the register. @default the fewest that hold `targetDim` features */
  nQubits?: number;
  /** A fitted reducer to use instead of fitting a PCA (e.g. an autoencoder from `@qstore/train`). */
  reducer?: DimensionReducer;
  /** Seed of the PCA fit (only used by randomized PCA on very wide data). @default 0 */
  seed?: Seed;
  /** Angle range for `angle`. @default 'zeroToPi' */
  angleRange?: keyof typeof ANGLE_RANGES;
  /** Threshold for `basis`, applied after scaling each feature to [0, 1]. @default 0.5 */
  threshold?: number;
}

/** Data prepared for a quantum model, and the fitted steps to prepare more data the same way. */
export interface QuantumPreparation {
  /** The encoded training data. */
  readonly data: Tensor;
  /** The encoding used. */
  readonly encoding: Encoding;
  /** Qubits of the register. */
  readonly nQubits: number;
  /** The fitted reducer, when the data was reduced. */
  readonly reducer?: DimensionReducer;
  /** The fitted angle/basis scaler (save it with the model). */
  readonly scaler?: Scaler;
  /** Prepares validation or test data with the steps fitted on the training data. */
  apply(x: Tensor): Tensor;
}

function flatten(x: Tensor): Tensor {
  if (x.shape.length < 2) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `x: expected [samples, ...features], got shape [${x.shape.join(', ')}]`,
      { scope: SCOPE },
    );
  }
  return reshape(x, [x.shape[0]!, -1]);
}

function padColumns(x: Tensor, width: number): Tensor {
  const m = asMatrix(x, { scope: SCOPE, what: 'x' });
  if (m.cols === width) return x;
  const out = new Float64Array(m.rows * width);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < m.cols; j++) out[r * width + j] = m.data[r * m.cols + j]!;
  }
  return float64Tensor(out, [m.rows, width]);
}

/**
 * QuantumDataAdapter.prepareForQuantum: flattens `x` ([samples, ...]), reduces it to `targetDim`
 * features (PCA fitted on `x`, or the given reducer), then encodes it. Throws `INVALID_ARGUMENT`
 * when `targetDim` exceeds what `nQubits` qubits hold (2^n for amplitude, n otherwise).
 */
export function prepareForQuantum(
  x: Tensor,
  options: PrepareForQuantumOptions,
): QuantumPreparation {
  const { targetDim, encoding } = options;
  requireInteger(targetDim, { min: 1 }, { scope: SCOPE, what: 'targetDim' });
  const nQubits = options.nQubits ?? qubitsFor(targetDim, encoding);
  requireInteger(nQubits, { min: 1, max: 30 }, { scope: SCOPE, what: 'nQubits' });
  if (targetDim > capacity(nQubits, encoding)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `targetDim ${targetDim} is larger than ${nQubits} qubits hold with ${encoding} encoding (${capacity(nQubits, encoding)})`,
      { scope: SCOPE, details: { targetDim, nQubits, encoding } },
    );
  }
  const flat = flatten(x);
  const features = flat.shape[1]!;
  const reducer =
    features > targetDim
      ? (options.reducer ?? Pca.fit(flat, { nComponents: targetDim, seed: options.seed ?? 0 }))
      : undefined;
  if (
    reducer !== undefined &&
    (reducer.nFeatures !== features || reducer.outputDim !== targetDim)
  ) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `reducer: expected ${features} → ${targetDim} features, it maps ${reducer.nFeatures} → ${reducer.outputDim}`,
      { scope: SCOPE },
    );
  }
  const reduce = (t: Tensor): Tensor => {
    const f = flatten(t);
    return reducer === undefined ? padColumns(f, targetDim) : reducer.transform(f);
  };
  const reduced = reduce(x);
  const range = ANGLE_RANGES[options.angleRange ?? 'zeroToPi'];
  const scaler =
    encoding === 'amplitude'
      ? undefined
      : Scaler.fit(reduced, { featureRange: encoding === 'angle' ? range : [0, 1] });
  const encode = (t: Tensor): Tensor => {
    if (encoding === 'amplitude') return amplitudeEncode(t, { nQubits });
    if (encoding === 'angle') {
      return angleEncode(t, { range: options.angleRange ?? 'zeroToPi', scaler: scaler!, nQubits });
    }
    return basisEncode(scaler!.transform(t), { threshold: options.threshold ?? 0.5, nQubits });
  };
  return {
    data: encode(reduced),
    encoding,
    nQubits,
    ...(reducer === undefined ? {} : { reducer }),
    ...(scaler === undefined ? {} : { scaler }),
    apply: (t) => encode(reduce(t)),
  };
}
