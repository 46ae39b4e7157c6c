import type { Tensor } from '@qstore/core';
import { asMatrix, requireFinite } from '../internal/matrix.js';
import { requireFits } from './qubits.js';

/** How {@link basisEncode} binarises. */
export interface BasisEncodeOptions {
  /** Values strictly above it become 1, the rest 0. @default 0.5 */
  threshold?: number;
  /** Qubits of the register, one per feature. @default the number of features */
  nQubits?: number;
}

/** Basis encoding: each feature of `x` ([samples, features]) binarised into a `uint8` 0/1 tensor. */
export function basisEncode(x: Tensor, options: BasisEncodeOptions = {}): Tensor<'uint8'> {
  const m = asMatrix(x, { scope: 'data/encoding', what: 'x' });
  requireFinite(m.data, { scope: 'data/encoding', what: 'x' });
  if (options.nQubits !== undefined) requireFits(m.cols, options.nQubits, 'basis');
  const threshold = options.threshold ?? 0.5;
  const out = new Uint8Array(m.data.length);
  for (let i = 0; i < out.length; i++) out[i] = m.data[i]! > threshold ? 1 : 0;
  return { dtype: 'uint8', shape: [m.rows, m.cols], data: out };
}
