import { isQStoreError, type Tensor, ValidationError } from '@qstore/core';
import { ENCODINGS, type Encoding, requireFits } from '../encoding/qubits.js';
import { asMatrix, requireFinite } from '../internal/matrix.js';
import { type CheckResult, failed, PASSED } from './checkResult.js';

const SCOPE = 'data/validation';

/** What {@link checkQuantumCompatibility} checks against. */
export interface QuantumTarget {
  /** Qubits of the register (1 … 30). */
  nQubits: number;
  /** The encoding that will load the data. */
  encoding: Encoding;
}

function firstProblem(x: Tensor, target: QuantumTarget): void {
  if (!(ENCODINGS as readonly string[]).includes(target.encoding)) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `encoding: expected one of ${ENCODINGS.join(', ')}, got ${String(target.encoding)}`,
      { scope: SCOPE },
    );
  }
  const m = asMatrix(x, { scope: SCOPE, what: 'data' });
  requireFinite(m.data, { scope: SCOPE, what: 'data' });
  requireFits(m.cols, target.nQubits, target.encoding);
  if (target.encoding !== 'amplitude') return;
  for (let r = 0; r < m.rows; r++) {
    let zero = true;
    for (let j = 0; j < m.cols && zero; j++) zero = m.data[r * m.cols + j] === 0;
    if (zero) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `data: row ${r} is all zeros and cannot be amplitude-encoded`,
        { scope: SCOPE, details: { row: r } },
      );
    }
  }
}

/**
 * Checks that `x` ([samples, features]) can be loaded into `nQubits` qubits with an encoding:
 * rank 2, finite values, few enough features, no all-zero rows for amplitude encoding.
 * Returns `{ ok: true }` or `{ ok: false, reason, code }` (DataValidator.checkQuantumCompatibility).
 */
export function checkQuantumCompatibility(x: Tensor, target: QuantumTarget): CheckResult {
  try {
    firstProblem(x, target);
    return PASSED;
  } catch (error) {
    if (!isQStoreError(error)) throw error;
    return failed(error.code, error.message);
  }
}

/** Like {@link checkQuantumCompatibility} but throws the `ValidationError` (QuantumPreprocessor.validateForQuantum). */
export function validateForQuantum(x: Tensor, target: QuantumTarget): void {
  firstProblem(x, target);
}
