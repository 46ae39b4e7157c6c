import { type Tensor, ValidationError } from '@qstore/core';
import { asMatrix, float64Tensor, requireFinite } from '../internal/matrix.js';
import { qubitsFor, requireFits } from './qubits.js';

const SCOPE = 'data/encoding';

/** How {@link amplitudeEncode} lays out the amplitudes. */
export interface AmplitudeEncodeOptions {
  /** Qubits of the register. @default the fewest that hold the features */
  nQubits?: number;
}

/**
 * Amplitude encoding: each row of `x` ([samples, features]) is zero-padded to 2^nQubits and
 * scaled to unit L2 norm, giving `[samples, 2^nQubits]`. An all-zero row has no direction and
 * throws `INVALID_ARGUMENT`; more features than 2^nQubits throw `SHAPE_MISMATCH`.
 */
export function amplitudeEncode(
  x: Tensor,
  options: AmplitudeEncodeOptions = {},
): Tensor<'float64'> {
  const m = asMatrix(x, { scope: SCOPE, what: 'x' });
  requireFinite(m.data, { scope: SCOPE, what: 'x' });
  const nQubits = options.nQubits ?? qubitsFor(m.cols, 'amplitude');
  const width = requireFits(m.cols, nQubits, 'amplitude');
  const out = new Float64Array(m.rows * width);
  for (let r = 0; r < m.rows; r++) {
    // Scale by the largest magnitude first so the sum of squares cannot overflow or underflow.
    let largest = 0;
    for (let j = 0; j < m.cols; j++) largest = Math.max(largest, Math.abs(m.data[r * m.cols + j]!));
    if (largest === 0) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `x: row ${r} is all zeros and cannot be amplitude-encoded (it has no unit-norm direction)`,
        { scope: SCOPE, details: { row: r } },
      );
    }
    let squares = 0;
    for (let j = 0; j < m.cols; j++) squares += (m.data[r * m.cols + j]! / largest) ** 2;
    const norm = Math.sqrt(squares) * largest;
    for (let j = 0; j < m.cols; j++) out[r * width + j] = m.data[r * m.cols + j]! / norm;
  }
  return float64Tensor(out, [m.rows, width]);
}
