import { createRng, type Rng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { adjointStep1 } from './adjointKernels.js';
import { gatherPermutation, linearPermutation } from './permutationKernel.js';
import { apply1, applyAnti1 } from './singleQubitKernels.js';
import { WasmStateMemory, wasmMemoryOf } from './wasmStateMemory.js';

// 1 qubit: the kernels' general loop only; from 2, uncontrolled gates take the run loops (t = 0 and
// t ≥ 1), which every target below exercises.
const SIZES = [1, 2, 3, 5, 8, 10, 11, 14];

function randomArray(rng: Rng, length: number): Float64Array {
  return Float64Array.from({ length }, () => rng.normal());
}

/** No control, one, and (from 3 qubits) two random control qubits other than `t`. */
function controlMasks(rng: Rng, n: number, t: number): number[] {
  const others = Array.from({ length: n }, (_, q) => q).filter((q) => q !== t);
  const masks = [0];
  if (others.length > 0) masks.push(1 << rng.choice(others));
  if (others.length > 1) {
    const [a, b] = rng.shuffle([...others]);
    masks.push((1 << a!) | (1 << b!));
  }
  return masks;
}

/** Runs `body` for every size, target and a few control masks, with a generator seeded by `seed`. */
function forEachCase(
  seed: number,
  body: (rng: Rng, n: number, t: number, cmask: number) => void,
): void {
  const rng = createRng(seed);
  for (const n of SIZES) {
    for (let t = 0; t < n; t++) {
      for (const cmask of controlMasks(rng, n, t)) body(rng, n, t, cmask);
    }
  }
}

/** The first index where `a` and `b` differ in any bit (NaN, −0), −1 if none (vitest's deep
 * equality is too slow for 2^15 numbers). */
function firstDifference(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** States of `n` qubits in one memory, filled from `values`. */
function states(n: number, ...values: Float64Array[]): Float64Array[] {
  const memory = WasmStateMemory.create(values.length * (16 << n))!;
  return values.map((v) => {
    const view = memory.allocate(v.length)!;
    view.set(v);
    return view;
  });
}

describe('WasmStateMemory', () => {
  it('should hand out zeroed, aligned, disjoint views that it recognises, and say when full', () => {
    const memory = WasmStateMemory.create(1000)!;
    const a = memory.allocate(64)!;
    const b = memory.allocate(50)!;
    expect([...a, ...b].every((v) => v === 0)).toBe(true);
    expect(a.byteOffset % 64).toBe(0);
    expect(b.byteOffset % 64).toBe(0);
    expect(b.byteOffset).toBeGreaterThanOrEqual(a.byteOffset + 64 * 8);
    expect(wasmMemoryOf(a)).toBe(memory);
    expect(memory.holds(b)).toBe(true);
    expect(wasmMemoryOf(new Float64Array(8))).toBeUndefined();
    expect(memory.holds(new Float64Array(8))).toBe(false);
    // 64 KiB pages: what is left of the first one (after the header's 18 KiB), then nothing.
    expect(memory.allocate(20_000)).toBeUndefined();
    expect(memory.allocate(5000)).toBeDefined();
    expect(memory.allocate(1000)).toBeUndefined();
    expect(WasmStateMemory.create(2 ** 40)).toBeUndefined();
  });

  // General 2×2 matrices; anti-diagonal ones with phases and the plain swap of X/CNOT/Toffoli.
  const x = Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0);
  it.each([
    ['apply1', 1, apply1, (rng: Rng) => [randomArray(rng, 8)]],
    [
      'anti1',
      2,
      applyAnti1,
      (rng: Rng) => [x, Float64Array.of(0, 0, ...randomArray(rng, 4), 0, 0)],
    ],
  ] as const)(
    'should run %s exactly as the JS kernel does (every target, controls)',
    (name, seed, js, matrices) => {
      forEachCase(seed, (rng, n, t, cmask) => {
        for (const m of matrices(rng)) {
          const expected = randomArray(rng, 2 << n);
          const [s] = states(n, expected);
          js(expected, n, t, cmask, m);
          wasmMemoryOf(s!)![name](s!, n, t, cmask, m);
          expect(firstDifference(s!, expected)).toBe(-1);
        }
      });
    },
  );

  it('should take an adjoint step (W, λ and optionally ψ) exactly as the JS kernel does', () => {
    forEachCase(3, (rng, n, t, cmask) => {
      for (const undoPsi of [false, true]) {
        const u = randomArray(rng, 8);
        const [psi, lambda] = [randomArray(rng, 2 << n), randomArray(rng, 2 << n)];
        const [s, l] = states(n, psi, lambda);
        const shape = { n, t, cmask, undoPsi };
        const [expectedW, w] = [new Float64Array(8), new Float64Array(8)];
        adjointStep1(psi, lambda, shape, u, expectedW);
        wasmMemoryOf(s!)!.adjoint1(s!, l!, shape, u, w);
        expect(w).toEqual(expectedW);
        expect(firstDifference(l!, lambda)).toBe(-1);
        expect(firstDifference(s!, psi)).toBe(-1);
      }
    });
  });

  it('should gather a block of CNOTs exactly as the JS kernel does, and fall back when full', () => {
    const rng = createRng(4);
    for (const n of SIZES.filter((size) => size >= 2)) {
      // A random block of CNOTs: P(i) applies them to the bits of i in order.
      const pairs = Array.from({ length: 2 * n }, () => rng.shuffle([...Array(n).keys()]));
      const permutation = linearPermutation(n, (index) => {
        let i = index;
        for (const [c, t] of pairs) if ((i >> c!) & 1) i ^= 1 << t!;
        return i;
      });
      const expected = randomArray(rng, 2 << n);
      // Room for the state, the scratch state and the tables.
      const s = WasmStateMemory.create(2 * (16 << n) + 4096)!.allocate(2 << n)!;
      s.set(expected);
      gatherPermutation(expected, n, permutation, new Float64Array(2 << n));
      expect(wasmMemoryOf(s)!.gather(s, n, permutation)).toBe(true);
      expect(firstDifference(s, expected)).toBe(-1);
      // Again, with the tables already in the memory.
      gatherPermutation(expected, n, permutation, new Float64Array(2 << n));
      gatherPermutation(s, n, permutation, new Float64Array(2 << n));
      expect(firstDifference(s, expected)).toBe(-1);
    }
    // No room for the scratch state (a 128 KiB state in three 64 KiB pages): false, the state
    // untouched, and the JS kernel takes over.
    const n = 13;
    const memory = WasmStateMemory.create(16 << n)!;
    const s = memory.allocate(2 << n)!;
    const values = randomArray(rng, 2 << n);
    s.set(values);
    const swap = linearPermutation(n, (i) => i ^ ((i & 1) << 1));
    expect(memory.gather(s, n, swap)).toBe(false);
    expect(firstDifference(s, values)).toBe(-1);
    gatherPermutation(s, n, swap, new Float64Array(2 << n));
    gatherPermutation(values, n, swap, new Float64Array(2 << n));
    expect(firstDifference(s, values)).toBe(-1);
  });
});
