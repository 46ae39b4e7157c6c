import { createRng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import type { CxPair } from './fusionPlan.js';
import { applyRealStateCxChain, sortedBits } from './realChainKernel.js';
import { applyRealStateCxPair } from './realStateKernels.js';

const rng = createRng(5);

/** A real rotation in the interleaved complex layout. */
function rotation(): Float64Array {
  const t = rng.uniform(-3, 3);
  return Float64Array.of(Math.cos(t), 0, -Math.sin(t), 0, Math.sin(t), 0, Math.cos(t), 0);
}

function pair(): CxPair {
  const [a, b] = [rotation(), rotation()];
  return { a, b, useA: true, useB: true, fixedA: true, fixedB: true, real: true };
}

const randomState = (n: number) => Float64Array.from({ length: 1 << n }, () => rng.normal());

describe('out-of-place real CNOT·(A⊗B) kernels', () => {
  it('should write into `out` exactly what the in-place kernel computes, leaving the input', () => {
    const n = 5;
    for (const [qa, qb, qc] of [
      [0, 1, 2],
      [3, 1, 4],
      [4, 2, 0],
      [1, 4, 3],
    ] as const) {
      const [first, second] = [pair(), pair()];
      const input = randomState(n);
      const inPlace = input.slice();
      applyRealStateCxChain(inPlace, n, [qa, qb, qc], first, second);
      const out = new Float64Array(1 << n).fill(Number.NaN);
      const kept = input.slice();
      applyRealStateCxChain(kept, n, [qa, qb, qc], first, second, out);
      expect(out).toEqual(inPlace);
      expect(kept).toEqual(input);

      const pairInPlace = input.slice();
      applyRealStateCxPair(pairInPlace, n, qa, qb, first.a, first.b);
      applyRealStateCxPair(kept, n, qa, qb, first.a, first.b, out);
      expect(out).toEqual(pairInPlace);
      expect(kept).toEqual(input);
      // The identity on the control takes the kernel's short path.
      const identity = Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0);
      pairInPlace.set(input);
      applyRealStateCxPair(pairInPlace, n, qa, qb, identity, first.b);
      applyRealStateCxPair(kept, n, qa, qb, identity, first.b, out);
      expect(out).toEqual(pairInPlace);
      expect(kept).toEqual(input);
    }
  });

  it('should order three qubits as ascending bits', () => {
    expect(sortedBits(3, 0, 7)).toEqual([1, 8, 128]);
    expect(sortedBits(9, 4, 1)).toEqual([2, 16, 512]);
    expect(sortedBits(2, 5, 3)).toEqual([4, 8, 32]);
  });
});
