import type { GateName } from '@qstore/core';

/** One pair of a parameter-shift rule: contributes `coefficient · [E(θ + shift) − E(θ − shift)]`. */
export interface ShiftTerm {
  readonly shift: number;
  readonly coefficient: number;
}

const TWO_TERM: readonly ShiftTerm[] = [{ shift: Math.PI / 2, coefficient: 0.5 }];

// Controlled rotations have generator eigenvalues {0, ±1/2}: the four-term rule of
// Anselmetti et al. (2021), with shifts π/2 and 3π/2.
const FOUR_TERM: readonly ShiftTerm[] = [
  { shift: Math.PI / 2, coefficient: (Math.SQRT2 + 1) / (4 * Math.SQRT2) },
  { shift: (3 * Math.PI) / 2, coefficient: -(Math.SQRT2 - 1) / (4 * Math.SQRT2) },
];

/**
 * The parameter-shift rule of a gate parameter. Every parametric gate here is `exp(−iθG)` with a
 * generator G of two eigenvalues `a`, `b` (rx … rzz, p, cp, the angles of u): then
 * `dE/dθ = r·[E(θ + π/4r) − E(θ − π/4r)]` with `r = |a − b|/2 = 1/2`. Controlled rotations
 * (crx, cry, crz) have three eigenvalues and use four terms.
 */
export function shiftRule(gate: GateName): readonly ShiftTerm[] {
  return gate === 'crx' || gate === 'cry' || gate === 'crz' ? FOUR_TERM : TWO_TERM;
}
