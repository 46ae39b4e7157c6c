import { createRng } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import type { CxPair } from './fusionPlan.js';
import { type CxChainSweep, realAdjointCxChain } from './realAdjointChainKernel.js';
import { type CxPairSweep, realAdjointCxPair, type WMode } from './realAdjointKernels.js';
import { applyRealStateCxChain } from './realChainKernel.js';
import { applyRealState1, applyRealStateCxPair } from './realStateKernels.js';
import { realKernelsFor } from './realWasmKernels.js';
import { WasmStateMemory } from './wasmStateMemory.js';

const rng = createRng(11);
const MAX_QUBITS = 8;
const memory = WasmStateMemory.create((4 * 8) << MAX_QUBITS)!;
// Two states of every size, carved once (a memory never frees).
const views = [memory.allocate(1 << MAX_QUBITS)!, memory.allocate(1 << MAX_QUBITS)!];

/** A real 2×2 matrix in the interleaved complex layout (any entries, not only rotations). */
function matrix(): Float64Array {
  const m = new Float64Array(8);
  for (let k = 0; k < 8; k += 2) m[k] = rng.normal();
  return m;
}
const identity = Float64Array.of(1, 0, 0, 0, 0, 0, 1, 0);
const x = Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0);

function pair(a = matrix()): CxPair {
  return { a, b: matrix(), useA: true, useB: true, fixedA: true, fixedB: true, real: true };
}

/** The bits of every number (so −0 and 0, or two NaNs, are told apart). */
const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.slice().buffer));

/**
 * Runs `kernel` on ordinary arrays (the JavaScript loops) and on views of the state memory
 * (the SIMD kernels where they apply), in place and out of place, and expects the same bits.
 */
function expectSame(n: number, kernel: (r: Float64Array, out: Float64Array) => void): void {
  const input = Float64Array.from({ length: 1 << n }, () => rng.normal());
  const [r, out] = views.map((v) => v.subarray(0, 1 << n)) as [Float64Array, Float64Array];
  const js = input.slice();
  kernel(js, js);
  r.set(input);
  kernel(r, r);
  expect(bits(r)).toEqual(bits(js));
  // Out of place: `out` gets the result, `r` is left as it was.
  const jsOut = new Float64Array(1 << n);
  kernel(input.slice(), jsOut);
  r.set(input);
  out.fill(Number.NaN);
  kernel(r, out);
  expect(bits(out)).toEqual(bits(jsOut));
  expect(bits(r)).toEqual(bits(input));
  // A state memory's view and an ordinary array: the JavaScript loops, the same numbers.
  const mixed = new Float64Array(1 << n);
  kernel(r, mixed);
  expect(bits(mixed)).toEqual(bits(jsOut));
}

describe('real-state kernels in WebAssembly', () => {
  it('should run on views of one state memory only', () => {
    const [r, out] = views as [Float64Array, Float64Array];
    expect(realKernelsFor(r, out)).toBeDefined();
    expect(realKernelsFor(r, new Float64Array(4))).toBeUndefined();
    expect(realKernelsFor(new Float64Array(4), r)).toBeUndefined();
    const other = WasmStateMemory.create(64)!.allocate(4)!;
    expect(realKernelsFor(r, other)).toBeUndefined();
    // A memory without room hands out no view: its callers keep ordinary arrays.
    expect(WasmStateMemory.create(64)!.allocate(1 << 20)).toBeUndefined();
  });

  it('should match the JavaScript CNOT·(A⊗B) kernel bit for bit on every qubit pair', () => {
    for (let n = 2; n <= MAX_QUBITS; n++) {
      for (let qa = 0; qa < n; qa++) {
        for (let qb = 0; qb < n; qb++) {
          if (qa === qb) continue;
          for (const a of [matrix(), identity]) {
            const { b } = pair(a);
            expectSame(n, (r, out) => applyRealStateCxPair(r, n, qa, qb, a, b, out));
          }
        }
      }
    }
  });

  it('should match the JavaScript chain kernel bit for bit on every qubit triple', () => {
    for (let n = 3; n <= 7; n++) {
      for (let qa = 0; qa < n; qa++) {
        for (let qb = 0; qb < n; qb++) {
          for (let qc = 0; qc < n; qc++) {
            if (qa === qb || qb === qc || qa === qc) continue;
            const [first, second] = [pair(), pair(identity)];
            const qubits = [qa, qb, qc] as const;
            expectSame(n, (r, out) => applyRealStateCxChain(r, n, qubits, first, second, out));
          }
        }
      }
    }
  });

  it('should match the JavaScript single-qubit kernel bit for bit, controlled or not', () => {
    for (let n = 1; n <= MAX_QUBITS; n++) {
      for (let t = 0; t < n; t++) {
        // No control, controls above and below t, and a control on qubit 0 (JavaScript only).
        const masks = [0, ((1 << n) - 1) & ~(1 << t) & ~1, n > 1 && t > 0 ? 1 : 0];
        if (n > 2) masks.push((1 << (n - 1)) & ~(1 << t));
        for (const cmask of masks) {
          for (const m of [matrix(), x]) {
            expectSame(n, (r, out) => {
              if (out !== r) out.set(r);
              applyRealState1(out, n, t, cmask, m);
            });
          }
        }
      }
    }
  });

  it('should match the JavaScript backward chain kernel bit for bit, sums included', () => {
    /** ψ, λ and the three W after the kernel, from the same start, on `s` and `l`. */
    const sweepOn = (s: Float64Array, l: Float64Array, sweep: CxChainSweep) => {
      realAdjointCxChain(s, l, sweep);
      return [s, l, sweep.wa, sweep.wb, sweep.wc].map(bits);
    };
    for (let n = 3; n <= 7; n++) {
      for (let qa = 0; qa < n; qa++) {
        for (let qb = 0; qb < n; qb++) {
          for (let qc = 0; qc < n; qc++) {
            if (qa === qb || qb === qc || qa === qc) continue;
            // Every combination of the flags on one triple per size, else two.
            const combos = qa === 1 && qb === 2 && qc === 0 ? 32 : 2;
            for (let k = 0; k < combos; k++) {
              const flags = combos === 32 ? k : k === 0 ? 31 : rng.int(0, 32);
              const bit = (b: number) => (flags & (1 << b)) !== 0;
              const sweep = (): CxChainSweep => ({
                ...{ n, qa, qb, qc, a: matrix(), b: matrix(), c: matrix() },
                ...{ useA: bit(0), wantA: bit(1), wantB: bit(2), wantC: bit(3), undoPsi: bit(4) },
                ...{ wa: new Float64Array(8), wb: new Float64Array(8), wc: new Float64Array(8) },
              });
              const js = sweep();
              const psi = Float64Array.from({ length: 1 << n }, () => rng.normal());
              const lambda = Float64Array.from({ length: 1 << n }, () => rng.normal());
              const [s, l] = views.map((v) => v.subarray(0, 1 << n)) as [
                Float64Array,
                Float64Array,
              ];
              s.set(psi);
              l.set(lambda);
              const wasm = sweepOn(s, l, {
                ...js,
                wa: new Float64Array(8),
                wb: new Float64Array(8),
                wc: new Float64Array(8),
              });
              expect(wasm).toEqual(sweepOn(psi, lambda, js));
            }
          }
        }
      }
    }
  });

  it('should match the JavaScript backward pair kernel bit for bit, sums included', () => {
    const sweepOn = (s: Float64Array, l: Float64Array, sweep: CxPairSweep) => {
      realAdjointCxPair(s, l, sweep);
      return [s, l, sweep.wa, sweep.wb].map(bits);
    };
    for (let n = 2; n <= MAX_QUBITS; n++) {
      for (let qa = 0; qa < n; qa++) {
        for (let qb = 0; qb < n; qb++) {
          if (qa === qb) continue;
          // Every combination of the modes (W of A and of B: none, antisymmetric, full; A used;
          // ψ undone) on one pair per size, else two.
          const combos = qa === 1 && qb === 0 ? 36 : 2;
          for (let k = 0; k < combos; k++) {
            const code = combos === 36 ? k : k === 0 ? 35 : rng.int(0, 36);
            const [wantA, wantB] = [code % 3, Math.floor(code / 3) % 3] as [WMode, WMode];
            const [useA, undoPsi] = [Math.floor(code / 9) % 2 === 0, code < 18];
            const w = () => ({ wa: new Float64Array(8), wb: new Float64Array(8) });
            const js: CxPairSweep = {
              ...{ n, qa, qb, a: matrix(), b: matrix(), useA, wantA, wantB, undoPsi },
              ...w(),
            };
            const psi = Float64Array.from({ length: 1 << n }, () => rng.normal());
            const lambda = Float64Array.from({ length: 1 << n }, () => rng.normal());
            const [s, l] = views.map((v) => v.subarray(0, 1 << n)) as [Float64Array, Float64Array];
            s.set(psi);
            l.set(lambda);
            const wasm = sweepOn(s, l, { ...js, ...w() });
            expect(wasm).toEqual(sweepOn(psi, lambda, js));
          }
        }
      }
    }
  });
});
