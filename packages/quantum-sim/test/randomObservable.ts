import type { Observable } from '@qstore/core';
import fc from 'fast-check';

/** A random Pauli sum on n qubits. */
export function observableArbitrary(n: number): fc.Arbitrary<Observable> {
  const term = fc
    .tuple(
      fc.double({ min: -2, max: 2, noNaN: true }),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: 0, maxLength: n }),
      fc.array(fc.constantFrom('X' as const, 'Y' as const, 'Z' as const), {
        minLength: n,
        maxLength: n,
      }),
    )
    .map(([coefficient, qubits, paulis]) => ({
      coefficient,
      ops: qubits.map((qubit, i) => ({ pauli: paulis[i]!, qubit })),
    }));
  return fc.array(term, { minLength: 1, maxLength: 4 }).map((terms) => ({ terms }));
}

/**
 * As {@link observableArbitrary} with coefficients of order one (fc.double mostly gives tiny
 * ones, under which a wrong state or gradient can pass an absolute tolerance unseen).
 */
export function orderOneObservableArbitrary(n: number): fc.Arbitrary<Observable> {
  return observableArbitrary(n).chain(({ terms }) =>
    fc
      .array(
        fc.integer({ min: 250, max: 2000 }).chain((v) => fc.constantFrom(v / 1000, -v / 1000)),
        { minLength: terms.length, maxLength: terms.length },
      )
      .map((coefficients) => ({
        terms: terms.map((term, i) => ({ ...term, coefficient: coefficients[i]! })),
      })),
  );
}
