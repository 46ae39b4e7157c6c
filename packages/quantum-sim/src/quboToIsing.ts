import type { Observable, QuboProblem } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { SCOPE } from './internal/scope.js';

/** Checks the shape of a QUBO problem (sizes, indices, finite numbers). */
export function validateQubo(problem: QuboProblem): void {
  const n = problem.numVariables;
  const fail = (why: string): never => {
    throw new ValidationError('INVALID_ARGUMENT', `QUBO problem: ${why}`, { scope: SCOPE });
  };
  if (!Number.isInteger(n) || n < 1) fail(`numVariables must be a positive integer, got ${n}`);
  if (problem.linear.length !== n)
    fail(`linear has ${problem.linear.length} entries, expected ${n}`);
  if (!problem.linear.every(Number.isFinite) || !Number.isFinite(problem.offset ?? 0))
    fail('coefficients must be finite');
  for (const { i, j, weight } of problem.quadratic) {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || i >= j || j >= n)
      fail(`coupling (${i}, ${j}) needs 0 ≤ i < j < ${n}`);
    if (!Number.isFinite(weight)) fail(`coupling (${i}, ${j}) has a non-finite weight`);
  }
}

/** The QUBO energy of a 0/1 assignment. */
export function quboEnergy(problem: QuboProblem, x: ArrayLike<number>): number {
  let energy = problem.offset ?? 0;
  for (let i = 0; i < problem.numVariables; i++) energy += problem.linear[i]! * x[i]!;
  for (const { i, j, weight } of problem.quadratic) energy += weight * x[i]! * x[j]!;
  return energy;
}

/**
 * The Ising form of a QUBO with x_i = (1 − z_i)/2 (qubit |1⟩ ↔ x_i = 1): energy =
 * `constant + Σ h_i Z_i + Σ J_ij Z_i Z_j`, returned as a Z-only observable and the constant.
 */
export function quboToIsing(problem: QuboProblem): { cost: Observable; constant: number } {
  validateQubo(problem);
  const n = problem.numVariables;
  const h = Array.from(problem.linear, (l) => -l / 2);
  let constant = (problem.offset ?? 0) + problem.linear.reduce((acc, l) => acc + l / 2, 0);
  const couplings = new Map<string, { i: number; j: number; weight: number }>();
  for (const { i, j, weight } of problem.quadratic) {
    constant += weight / 4;
    h[i] = h[i]! - weight / 4;
    h[j] = h[j]! - weight / 4;
    const key = `${i},${j}`;
    const previous = couplings.get(key);
    couplings.set(key, { i, j, weight: (previous?.weight ?? 0) + weight / 4 });
  }
  const terms = [
    ...h.flatMap((coefficient, qubit) =>
      coefficient === 0 ? [] : [{ coefficient, ops: [{ pauli: 'Z' as const, qubit }] }],
    ),
    ...[...couplings.values()]
      .filter(({ weight }) => weight !== 0)
      .map(({ i, j, weight }) => ({
        coefficient: weight,
        ops: [
          { pauli: 'Z' as const, qubit: i },
          { pauli: 'Z' as const, qubit: j },
        ],
      })),
  ];
  return { cost: { terms: n > 0 ? terms : [] }, constant };
}
