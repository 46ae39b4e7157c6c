import { ValidationError } from '@qstore/core';
import { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';
import { uniformlyControlledRotation } from './internal/uniformlyControlledRotation.js';
import { StateVector } from './stateVector.js';

/** Amplitudes to encode: real numbers, or interleaved `[re, im]` pairs with `complex: true`. */
export interface AmplitudeEncodingOptions {
  /** Number of qubits; the vector must have 2^numQubits entries (pad it yourself). */
  readonly numQubits: number;
  /** Whether `values` holds interleaved complex pairs. @default false */
  readonly complex?: boolean;
}

function normalised(values: ArrayLike<number>, options: AmplitudeEncodingOptions): Float64Array {
  const dim = 2 ** options.numQubits;
  const expected = options.complex ? 2 * dim : dim;
  if (values.length !== expected) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `amplitude encoding on ${options.numQubits} qubits needs ${expected} values${options.complex ? ' (interleaved re, im)' : ''}, got ${values.length}`,
      { scope: SCOPE, details: { expected, actual: values.length } },
    );
  }
  const out = new Float64Array(2 * dim);
  for (let i = 0; i < dim; i++) {
    out[2 * i] = options.complex ? values[2 * i]! : values[i]!;
    out[2 * i + 1] = options.complex ? values[2 * i + 1]! : 0;
  }
  let norm = 0;
  for (const v of out) norm += v * v;
  norm = Math.sqrt(norm);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `amplitude encoding needs a finite vector of non-zero norm, got norm ${norm}`,
      {
        scope: SCOPE,
      },
    );
  }
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / norm;
  return out;
}

/** The normalised amplitude-encoded state directly: the fast path for simulation. */
export function amplitudeState(
  values: ArrayLike<number>,
  options: AmplitudeEncodingOptions,
): StateVector {
  return new StateVector(options.numQubits, normalised(values, options));
}

/**
 * A circuit that prepares the normalised amplitude-encoded state from |0…0⟩ exactly (global
 * phase included), by Möttönen's uniformly controlled RY (magnitudes) and RZ (phases) rotations.
 */
export function amplitudeEncoding(
  values: ArrayLike<number>,
  options: AmplitudeEncodingOptions,
): Circuit {
  const n = options.numQubits;
  const amplitudes = normalised(values, options);
  const dim = 2 ** n;
  const magnitude = Float64Array.from({ length: dim }, (_, i) =>
    Math.hypot(amplitudes[2 * i]!, amplitudes[2 * i + 1]!),
  );
  let phase = Float64Array.from({ length: dim }, (_, i) =>
    Math.atan2(amplitudes[2 * i + 1]!, amplitudes[2 * i]!),
  );
  const circuit = new Circuit(n);
  // Magnitudes: qubit q from the top, controlled by the qubits above it.
  for (let q = n - 1; q >= 0; q--) {
    const controls = Array.from({ length: n - 1 - q }, (_, j) => q + 1 + j);
    const angles = new Float64Array(2 ** controls.length);
    for (let c = 0; c < angles.length; c++) {
      let zero = 0;
      let one = 0;
      for (let low = 0; low < 2 ** q; low++) {
        zero += magnitude[(c << (q + 1)) | low]! ** 2;
        one += magnitude[(c << (q + 1)) | (1 << q) | low]! ** 2;
      }
      angles[c] = 2 * Math.atan2(Math.sqrt(one), Math.sqrt(zero));
    }
    uniformlyControlledRotation(circuit, { gate: 'ry', target: q, controls, angles });
  }
  // Phases: split the phase of each pair (bit q = 0, 1) into its mean and RZ of the difference.
  for (let q = 0; q < n; q++) {
    const half = phase.length / 2;
    const angles = new Float64Array(half);
    const means = new Float64Array(half);
    for (let c = 0; c < half; c++) {
      angles[c] = phase[2 * c + 1]! - phase[2 * c]!;
      means[c] = (phase[2 * c + 1]! + phase[2 * c]!) / 2;
    }
    const controls = Array.from({ length: n - 1 - q }, (_, j) => q + 1 + j);
    if (angles.some((a) => a !== 0))
      uniformlyControlledRotation(circuit, { gate: 'rz', target: q, controls, angles });
    phase = means;
  }
  const global = phase[0]!;
  if (global !== 0) circuit.p(0, global).x(0).p(0, global).x(0);
  return circuit;
}
