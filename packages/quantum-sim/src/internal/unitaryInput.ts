import type { GateOperation } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { unitarityError } from './complexMatrix.js';
import { SCOPE } from './scope.js';

/** How far from unitary a custom matrix may be (max entry of |U·U† − I|). */
export const UNITARY_TOLERANCE = 1e-9;

/**
 * Converts a custom gate matrix (rows of `[re, im]` pairs) on `numTargets` qubits into an
 * interleaved Float64Array, checking its shape and that it is unitary.
 */
export function classifyUnitaryInput(
  matrix: GateOperation['matrix'],
  numTargets: number,
): Float64Array {
  const d = 2 ** numTargets;
  const fail = (why: string): never => {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `custom unitary on ${numTargets} qubits: ${why}`,
      {
        scope: SCOPE,
      },
    );
  };
  if (numTargets < 1) fail('expected at least one qubit');
  if (matrix === undefined || matrix.length !== d) fail(`expected a ${d}×${d} matrix`);
  const out = new Float64Array(2 * d * d);
  matrix!.forEach((row, r) => {
    if (row.length !== d) fail(`row ${r} has ${row.length} entries, expected ${d}`);
    row.forEach((entry, c) => {
      const [re, im] = entry;
      if (!Number.isFinite(re) || !Number.isFinite(im))
        fail(`entry (${r}, ${c}) is not a finite [re, im] pair`);
      out[2 * (r * d + c)] = re;
      out[2 * (r * d + c) + 1] = im;
    });
  });
  const error = unitarityError(out, d);
  if (!(error <= UNITARY_TOLERANCE)) {
    throw new ValidationError(
      'NOT_UNITARY',
      `custom unitary on ${numTargets} qubits is not unitary: max |U·U† − I| = ${error.toExponential(2)} > ${UNITARY_TOLERANCE}`,
      { scope: SCOPE, details: { error } },
    );
  }
  return out;
}
