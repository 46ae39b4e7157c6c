import { type Tensor, ValidationError } from '@qstore/core';
import { asMatrix } from '../internal/matrix.js';
import { Scaler } from '../preprocessing/scaler.js';
import { requireFits } from './qubits.js';

/** The angle ranges of {@link angleEncode}: `[0, π]` or `[−π, π]`. */
export const ANGLE_RANGES = {
  zeroToPi: [0, Math.PI],
  symmetric: [-Math.PI, Math.PI],
} as const satisfies Record<string, readonly [number, number]>;

/** How {@link angleEncode} maps features to angles. */
export interface AngleEncodeOptions {
  /** The angle range. @default 'zeroToPi' */
  range?: keyof typeof ANGLE_RANGES;
  /**
   * A minmax scaler fitted on training data with this range's `featureRange` (so validation and
   * test data use the training scale). @default a scaler fitted on `x`
   */
  scaler?: Scaler;
  /** Qubits of the register, one per feature. @default the number of features */
  nQubits?: number;
}

/**
 * Angle encoding: each feature of `x` ([samples, features]) scaled into `[0, π]` or `[−π, π]`
 * (values a fitted scaler maps outside the range are clipped, so every angle lies in it).
 */
export function angleEncode(x: Tensor, options: AngleEncodeOptions = {}): Tensor<'float64'> {
  const [low, high] = ANGLE_RANGES[options.range ?? 'zeroToPi'];
  const cols = asMatrix(x, { scope: 'data/encoding', what: 'x' }).cols;
  if (options.nQubits !== undefined) requireFits(cols, options.nQubits, 'angle');
  const scaler = options.scaler ?? Scaler.fit(x, { featureRange: [low, high] });
  const saved = scaler.toJSON();
  if (
    saved.method !== 'minmax' ||
    saved.featureRange?.[0] !== low ||
    saved.featureRange[1] !== high
  ) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `scaler: expected a minmax scaler with featureRange [${low}, ${high}]`,
      { scope: 'data/encoding' },
    );
  }
  const out = scaler.transform(x);
  for (let i = 0; i < out.data.length; i++)
    out.data[i] = Math.min(high, Math.max(low, out.data[i]!));
  return out;
}
