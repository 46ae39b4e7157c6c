import { createRng, type Rng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { DiagonalReadout } from './diagonalReadout.js';
import type { CompiledTerm } from './pauliTerms.js';
import { WasmStateMemory } from './wasmStateMemory.js';

function randomArray(rng: Rng, length: number): Float64Array {
  return Float64Array.from({ length }, () => rng.normal());
}

/** ⟨Z_q⟩ for every qubit, then a weighted sum of the identity and two Z (a local read-out). */
function localTerms(rng: Rng, n: number): CompiledTerm[][] {
  const z = (q: number, re: number): CompiledTerm => ({ xMask: 0, zMask: 1 << q, re, im: 0 });
  const terms = Array.from({ length: n }, (_, q) => [z(q, 1)]);
  terms.push([{ xMask: 0, zMask: 0, re: rng.normal(), im: 0 }, z(0, rng.normal()), z(n - 1, 0.5)]);
  return terms;
}

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

describe('DiagonalReadout on WebAssembly views', () => {
  // Up to 12 qubits the SIMD kernels fold and double; from 13 the JavaScript loops do (its
  // scratch holds half a 12-qubit state), on the same views.
  it.each([1, 2, 3, 5, 10, 12, 13])(
    'should give the very bits of the JavaScript loops at %i qubits',
    (n) => {
      const rng = createRng(40 + n);
      const terms = localTerms(rng, n);
      const [wasmReadout, jsReadout] = [
        new DiagonalReadout(terms, n),
        new DiagonalReadout(terms, n),
      ];
      const memory = WasmStateMemory.create(2 * (16 << n))!;
      const [s, lambda] = [memory.allocate(2 << n)!, memory.allocate(2 << n)!];
      const psi = randomArray(rng, 2 << n);
      s.set(psi);
      const [expected, actual] = [new Float64Array(n + 1), new Float64Array(n + 1)];
      jsReadout.expectations(psi, true, expected, 0);
      wasmReadout.expectations(s, true, actual, 0);
      expect(sameBits(actual, expected)).toBe(true);
      // Some terms weigh nothing, as a zero upstream gradient does.
      const upstream = Float64Array.from({ length: n + 1 }, (_, k) =>
        k % 3 === 1 ? 0 : rng.normal(),
      );
      const expectedLambda = new Float64Array(2 << n);
      jsReadout.backward({ s: psi, complex: true, upstream, offset: 0, lambda: expectedLambda });
      wasmReadout.backward({ s, complex: true, upstream, offset: 0, lambda });
      expect(sameBits(lambda, expectedLambda)).toBe(true);
      // λ outside the memory: the JavaScript loops, the same numbers.
      const plainLambda = new Float64Array(2 << n);
      wasmReadout.backward({ s, complex: true, upstream, offset: 0, lambda: plainLambda });
      expect(sameBits(plainLambda, expectedLambda)).toBe(true);
    },
  );

  it('should still read the expectations right (⟨Z_q⟩ of a basis state is ±1)', () => {
    const n = 4;
    const terms = localTerms(createRng(1), n);
    const readout = new DiagonalReadout(terms, n);
    const s = WasmStateMemory.create(16 << n)!.allocate(2 << n)!;
    s[2 * 0b0101] = 1;
    const out = new Float64Array(n + 1);
    readout.expectations(s, true, out, 0);
    expect([...out.subarray(0, n)]).toEqual([-1, 1, -1, 1]);
  });
});
