// fast-check arbitraries of circuits whose gates are real matrices (the real-state paths).
import type { GateName, GateOperation } from '@qstore/core';
import fc from 'fast-check';

/** Gates whose matrices are real (for every angle), with their qubit count and parameter count. */
const REAL_GATES: [GateName, number, number][] = [
  ['ry', 1, 1],
  ['h', 1, 0],
  ['x', 1, 0],
  ['z', 1, 0],
  ['id', 1, 0],
  ['cx', 2, 0],
  ['cz', 2, 0],
  ['ch', 2, 0],
  ['cry', 2, 1],
  ['swap', 2, 0],
  ['ccx', 3, 0],
  ['cswap', 3, 0],
];

/** A random gate whose matrix is real for every angle; angles are numbers or one of `names`. */
export function realOperation(
  n: number,
  names: readonly string[] = ['a', 'x0'],
): fc.Arbitrary<GateOperation> {
  const gates = REAL_GATES.filter(([, k]) => k <= n);
  return fc
    .constantFrom(...gates)
    .chain(([gate, k, params]) =>
      fc
        .tuple(
          fc.shuffledSubarray([...Array(n).keys()], { minLength: k, maxLength: k }),
          fc.array(
            fc.oneof(fc.double({ min: -4, max: 4, noNaN: true }), fc.constantFrom(...names)),
            { minLength: params, maxLength: params },
          ),
        )
        .map(([qubits, p]) => ({ gate, qubits, params: p })),
    );
}
