import type { Observable } from '@qstore/core';

/** A deep copy of `observables` (what {@link sameObservables} later compares against). */
export function copyObservables(observables: readonly Observable[]): Observable[] {
  return observables.map((o) => ({
    terms: o.terms.map((t) => ({
      coefficient: t.coefficient,
      ops: t.ops.map((op) => ({ pauli: op.pauli, qubit: op.qubit })),
    })),
  }));
}

/**
 * Whether two lists of observables are equal term by term and operator by operator (coefficients
 * by `Object.is`). Walks the objects without allocating: cheap enough to run on every call.
 */
export function sameObservables(a: readonly Observable[], b: readonly Observable[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const termsA = a[i]!.terms;
    const termsB = b[i]!.terms;
    if (termsA.length !== termsB.length) return false;
    for (let j = 0; j < termsA.length; j++) {
      const x = termsA[j]!;
      const y = termsB[j]!;
      if (!Object.is(x.coefficient, y.coefficient) || x.ops.length !== y.ops.length) return false;
      for (let k = 0; k < x.ops.length; k++) {
        if (x.ops[k]!.pauli !== y.ops[k]!.pauli || x.ops[k]!.qubit !== y.ops[k]!.qubit)
          return false;
      }
    }
  }
  return true;
}
