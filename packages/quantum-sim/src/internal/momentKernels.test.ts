import { createRng, type Rng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { MomentSums } from './adjointMoments.js';
import { DIAGONAL_SUMS, FOLD_SCRATCH } from './momentKernels.js';
import { WasmStateMemory } from './wasmStateMemory.js';

// Up to 10 qubits one block of the fold, then 2 and 8 blocks.
const SIZES = [2, 3, 5, 8, 10, 11, 13];

const randomArray = (rng: Rng, length: number): Float64Array =>
  Float64Array.from({ length }, () => rng.normal());

/** W[r][c] = Σ conj(λ_{i_r})·ψ_{i_c} of qubit t, summed pair by pair (8 numbers). */
function directW(s: Float64Array, l: Float64Array, n: number, t: number): Float64Array {
  const w = new Float64Array(8);
  for (let i = 0; i < 1 << n; i++) {
    if ((i >> t) & 1) continue;
    const index = [i, i | (1 << t)];
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) {
        const [lr, li] = [l[2 * index[r]!]!, l[2 * index[r]! + 1]!];
        const [pr, pi] = [s[2 * index[c]!]!, s[2 * index[c]! + 1]!];
        w[4 * r + 2 * c] = w[4 * r + 2 * c]! + lr * pr + li * pi;
        w[4 * r + 2 * c + 1] = w[4 * r + 2 * c + 1]! + lr * pi - li * pr;
      }
    }
  }
  return w;
}

/** Every qubit's W from {@link MomentSums} on `memory`'s kernels (JavaScript without one). */
function momentWs(
  s: Float64Array,
  l: Float64Array,
  { n, memory }: { n: number; memory?: WasmStateMemory },
): Float64Array[] {
  const sums = new MomentSums(n, memory);
  sums.take(s, l, [...Array(n).keys()]);
  return Array.from({ length: n }, (_, t) => {
    const w = new Float64Array(8);
    sums.w(t, w);
    return w;
  });
}

describe('moment kernels', () => {
  it('should give every qubit’s W of the pair, as summed directly', () => {
    const rng = createRng(7);
    for (const n of SIZES) {
      const [s, l] = [randomArray(rng, 2 << n), randomArray(rng, 2 << n)];
      const ws = momentWs(s, l, { n });
      for (let t = 0; t < n; t++) {
        const expected = directW(s, l, n, t);
        for (let e = 0; e < 8; e++) expect(ws[t]![e]).toBeCloseTo(expected[e]!, 11);
      }
    }
  });

  it('should give the W of any subset of qubits, in any order (an odd one paired with another)', () => {
    const rng = createRng(10);
    const n = 6;
    const [s, l] = [randomArray(rng, 2 << n), randomArray(rng, 2 << n)];
    for (const qubits of [
      [3, 0, 5],
      [1, 4],
      [5, 4, 3, 2, 1],
    ]) {
      const sums = new MomentSums(n, undefined);
      sums.take(s, l, qubits);
      for (const t of qubits) {
        const [w, expected] = [new Float64Array(8), directW(s, l, n, t)];
        sums.w(t, w);
        for (let e = 0; e < 8; e++) expect(w[e]).toBeCloseTo(expected[e]!, 11);
      }
    }
  });

  it('should give bit for bit the same sums on the WebAssembly kernels', () => {
    const rng = createRng(8);
    for (const n of SIZES) {
      const [psi, lambda] = [randomArray(rng, 2 << n), randomArray(rng, 2 << n)];
      // Room for ψ, λ and the fold's scratch.
      const memory = WasmStateMemory.create(2 * (16 << n) + 8 * FOLD_SCRATCH)!;
      const [s, l] = [memory.allocate(2 << n)!, memory.allocate(2 << n)!];
      s.set(psi);
      l.set(lambda);
      expect(momentWs(s, l, { n, memory })).toEqual(momentWs(psi, lambda, { n }));
      expect(memory.diagonalSums(s, l, n, new Float64Array(DIAGONAL_SUMS * n))).toBe(true);
      // The kernels only read the states.
      expect(s).toEqual(psi);
      expect(l).toEqual(lambda);
    }
  });

  it('should fall back to the JavaScript fold when the memory has no room for its scratch', () => {
    const rng = createRng(9);
    const n = 12;
    const memory = WasmStateMemory.create(2 * (16 << n))!;
    const [s, l] = [memory.allocate(2 << n)!, memory.allocate(2 << n)!];
    // The rest of the memory taken, 4 KiB at a time.
    while (memory.allocate(512) !== undefined);
    s.set(randomArray(rng, 2 << n));
    l.set(randomArray(rng, 2 << n));
    expect(memory.diagonalSums(s, l, n, new Float64Array(DIAGONAL_SUMS * n))).toBe(false);
    expect(momentWs(s, l, { n, memory })).toEqual(momentWs(s, l, { n }));
  });
});
