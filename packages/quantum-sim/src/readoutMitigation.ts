import { ValidationError } from '@qstore/core';
import { Matrix, solve } from 'ml-matrix';
import { SCOPE } from './internal/scope.js';

/** Readout error of one qubit: P(read 1 | was 0) and P(read 0 | was 1). */
export interface ReadoutError {
  readonly p01: number;
  readonly p10: number;
}

function errorOf(errors: ReadoutError | readonly ReadoutError[], q: number): ReadoutError {
  const e = 'p01' in errors ? errors : errors[q];
  if (e === undefined || !(e.p01 >= 0 && e.p01 <= 1 && e.p10 >= 0 && e.p10 <= 1)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `readout error of qubit ${q} must have p01, p10 in [0, 1]`,
      { scope: SCOPE },
    );
  }
  return e;
}

/**
 * The calibration (confusion) matrix of independent per-qubit readout errors on `numQubits`
 * qubits: entry [measured][prepared], row-major, 2^n × 2^n; columns sum to 1.
 */
export function calibrationMatrix(
  errors: ReadoutError | readonly ReadoutError[],
  numQubits: number,
): Float64Array {
  const dim = 2 ** numQubits;
  const out = new Float64Array(dim * dim);
  for (let measured = 0; measured < dim; measured++) {
    for (let prepared = 0; prepared < dim; prepared++) {
      let p = 1;
      for (let q = 0; q < numQubits; q++) {
        const { p01, p10 } = errorOf(errors, q);
        const m = (measured >> q) & 1;
        p *= (prepared >> q) & 1 ? (m ? 1 - p10 : p10) : m ? p01 : 1 - p01;
      }
      out[measured * dim + prepared] = p;
    }
  }
  return out;
}

/** Builds the calibration matrix from measured distributions of each prepared basis state. */
export function calibrationFromDistributions(measured: readonly ArrayLike<number>[]): Float64Array {
  const dim = measured.length;
  const out = new Float64Array(dim * dim);
  measured.forEach((column, prepared) => {
    if (column.length !== dim) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `calibration distribution ${prepared} has ${column.length} entries, expected ${dim}`,
        {
          scope: SCOPE,
        },
      );
    }
    for (let m = 0; m < dim; m++) out[m * dim + prepared] = column[m]!;
  });
  return out;
}

/** Applies a calibration matrix to ideal probabilities: what a noisy readout would report. */
export function applyReadoutError(
  probabilities: ArrayLike<number>,
  calibration: Float64Array,
): Float64Array {
  const dim = probabilities.length;
  return Float64Array.from({ length: dim }, (_, m) => {
    let sum = 0;
    for (let p = 0; p < dim; p++) sum += calibration[m * dim + p]! * probabilities[p]!;
    return sum;
  });
}

/**
 * Readout-error mitigation: solves `calibration · x = measured` for the ideal distribution x,
 * then clips negative entries and renormalises.
 */
export function mitigateReadout(
  measured: ArrayLike<number>,
  calibration: Float64Array,
): Float64Array {
  const dim = measured.length;
  if (calibration.length !== dim * dim) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `calibration matrix must be ${dim}×${dim} for ${dim} outcomes`,
      { scope: SCOPE },
    );
  }
  const a = new Matrix(
    Array.from({ length: dim }, (_, r) => Array.from(calibration.subarray(r * dim, (r + 1) * dim))),
  );
  const x = solve(a, Matrix.columnVector(Array.from(measured)))
    .getColumn(0)
    .map((v) => Math.max(0, v));
  const total = x.reduce((acc, v) => acc + v, 0);
  return Float64Array.from(x, (v) => v / total);
}
