// fast-check arbitraries of random circuits over the whole gate set.
import type { GateName, GateOperation } from '@qstore/core';
import fc from 'fast-check';
import { type BaseGate, baseQubits } from '../src/gateMatrices.js';
import { GATE_SPECS } from '../src/gateSpecs.js';

const GATES = (Object.keys(GATE_SPECS) as GateName[]).filter((g) => g !== 'unitary');

type Rows = [number, number][][];
const angle = fc.double({ min: -Math.PI, max: Math.PI, noNaN: true });

/** U3(a, b, c) written out, as rows of [re, im]. */
function u3([a, b, c]: readonly number[]): Rows {
  const ca = Math.cos(a! / 2),
    sa = Math.sin(a! / 2);
  return [
    [
      [ca, 0],
      [-Math.cos(c!) * sa, -Math.sin(c!) * sa],
    ],
    [
      [Math.cos(b!) * sa, Math.sin(b!) * sa],
      [Math.cos(b! + c!) * ca, Math.sin(b! + c!) * ca],
    ],
  ];
}

/** CX(first qubit controls) · (A ⊗ B): an entangling 4×4 unitary that is not symmetric. */
function entangling(a: Rows, b: Rows): Rows {
  const kron: Rows = Array.from({ length: 4 }, (_, r) =>
    Array.from({ length: 4 }, (_, c) => {
      const [x, y] = a[r >> 1]![c >> 1]!;
      const [u, v] = b[r & 1]![c & 1]!;
      return [x * u - y * v, x * v + y * u] as [number, number];
    }),
  );
  return [kron[0]!, kron[1]!, kron[3]!, kron[2]!];
}

/** A random custom unitary on one or two qubits. */
function randomUnitaryOp(n: number): fc.Arbitrary<GateOperation> {
  const one = fc.tuple(
    fc.integer({ min: 0, max: n - 1 }),
    fc.array(angle, { minLength: 3, maxLength: 3 }),
  );
  const single = one.map(([q, angles]) => ({
    gate: 'unitary' as const,
    qubits: [q],
    matrix: u3(angles),
  }));
  if (n < 2) return single;
  const pair = fc
    .tuple(
      fc.shuffledSubarray([...Array(n).keys()], { minLength: 2, maxLength: 2 }),
      fc.array(angle, { minLength: 6, maxLength: 6 }),
    )
    .map(([qubits, a]) => ({
      gate: 'unitary' as const,
      qubits,
      matrix: entangling(u3(a.slice(0, 3)), u3(a.slice(3))),
    }));
  return fc.oneof(single, pair);
}

/** A random valid operation on n qubits; parameters are numbers or symbolic (`names`). */
export function operationArbitrary(
  n: number,
  names: readonly string[],
): fc.Arbitrary<GateOperation> {
  const gates = GATES.filter((g) => {
    const spec = GATE_SPECS[g];
    const controls = spec.controls === 'variadic' ? 1 : spec.controls;
    return controls + baseQubits(spec.base as BaseGate) <= n;
  });
  const param =
    names.length === 0
      ? fc.double({ min: -4, max: 4, noNaN: true })
      : fc.oneof(
          fc.double({ min: -4, max: 4, noNaN: true }),
          fc.constantFrom(...names),
          fc
            .tuple(fc.constantFrom(...names), fc.double({ min: -2, max: 2, noNaN: true }))
            .map(([s, k]) => `${k}*${s} + 0.3`),
        );
  const gateOp = fc.constantFrom(...gates).chain((gate) => {
    const spec = GATE_SPECS[gate];
    const arity =
      spec.controls === 'variadic'
        ? fc.integer({ min: 2, max: Math.min(n, 4) })
        : fc.constant(spec.controls + baseQubits(spec.base as BaseGate));
    return arity.chain((k) =>
      fc
        .tuple(
          fc.shuffledSubarray([...Array(n).keys()], { minLength: k, maxLength: k }),
          fc.array(param, { minLength: spec.params, maxLength: spec.params }),
        )
        .map(([qubits, params]) => ({ gate, qubits, params })),
    );
  });
  return fc.oneof({ weight: 12, arbitrary: gateOp }, { weight: 2, arbitrary: randomUnitaryOp(n) });
}
