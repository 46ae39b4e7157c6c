// Kernels of the real adjoint sweep: when the circuit's steps are real matrices and the
// observables are real, ψ and λ stay real, so they are swept as 2^n real numbers each (half the
// bytes and a quarter of the multiplications of the complex kernels). On entry `s` = ψ and `l` = λ
// after the step; each kernel accumulates the real W[r][c] = Σ λ_r·ψ_c the step's derivative
// brackets need and replaces ψ, λ by Uᵀψ, Uᵀλ, in one pass whatever the number of parameters.

import { realEntries } from './realStateKernels.js';
import { putEntries, realKernelsFor } from './realWasmKernels.js';

/**
 * Which W a backward sweep accumulates for a factor: none (no parameters), only W[1][0] − W[0][1]
 * stored as W[1][0] (every parameter is an RY alone in its run: its bracket needs nothing else),
 * or the full 2×2.
 */
export const WMode = { none: 0, antisymmetric: 1, full: 2 } as const;
/** A value of {@link WMode}. */
export type WMode = (typeof WMode)[keyof typeof WMode];

/** Writes a real 2×2 W in the interleaved complex layout. */
export function storeW(w: Float64Array, w00: number, w01: number, w10: number, w11: number): void {
  w.fill(0);
  w[0] = w00;
  w[2] = w01;
  w[4] = w10;
  w[6] = w11;
}

/**
 * Single-qubit real step U on qubit `t` (indices with all `cmask` bits set). `w` gets W in the
 * interleaved complex layout (8 numbers, imaginary parts 0), `u` is U (not transposed); ψ is
 * swept back too when `undoPsi`.
 */
export function realAdjointStep1(
  s: Float64Array,
  l: Float64Array,
  shape: { n: number; t: number; cmask: number; undoPsi: boolean },
  u: Float64Array,
  w: Float64Array,
): void {
  const { n, t, cmask, undoPsi } = shape;
  // Uᵀ: rows of the undo are the columns of U.
  const [u00, u01, u10, u11] = realEntries(u);
  let w00 = 0,
    w01 = 0,
    w10 = 0,
    w11 = 0;
  const stride = 1 << t;
  const dim = 1 << n;
  for (let x = 0; x < dim; x += stride << 1) {
    for (let a = x; a < x + stride; a++) {
      if ((a & cmask) !== cmask) continue;
      const b = a + stride;
      const pa = s[a]!,
        pb = s[b]!,
        la = l[a]!,
        lb = l[b]!;
      w00 += la * pa;
      w01 += la * pb;
      w10 += lb * pa;
      w11 += lb * pb;
      l[a] = u00 * la + u10 * lb;
      l[b] = u01 * la + u11 * lb;
      if (undoPsi) {
        s[a] = u00 * pa + u10 * pb;
        s[b] = u01 * pa + u11 * pb;
      }
    }
  }
  storeW(w, w00, w01, w10, w11);
}

/** What {@link realAdjointCxPair} computes besides undoing the step. */
export interface CxPairSweep {
  readonly n: number;
  /** Control (its run is A) and target (its run is B) of the CNOT. */
  readonly qa: number;
  readonly qb: number;
  /** The run products A and B (interleaved complex layout, real). */
  readonly a: Float64Array;
  readonly b: Float64Array;
  /** Whether A is applied (false: the identity). */
  readonly useA: boolean;
  /** W of qubit qa (traced over qb): A has parameters. */
  readonly wantA: WMode;
  /** W of qubit qb (traced over qa): B has parameters. */
  readonly wantB: WMode;
  /** Receive W_A and W_B in the interleaved complex layout (8 numbers each). */
  readonly wa: Float64Array;
  readonly wb: Float64Array;
  /** Whether ψ is swept back too (false: it is a stored copy, only read). */
  readonly undoPsi: boolean;
}

/**
 * Backward sweep of a real CNOT(qa → qb)·(A ⊗ B) step. After undoing the CNOT, ψ and λ are the
 * states after A ⊗ B; a parameter of A then has bracket Σ (dA·Aᵀ)[r][c]·W_A[r][c] with W_A the
 * 2×2 W of qubit qa traced over qb (and likewise for B), so the 4×4 product is never formed.
 * On views of a WebAssembly state memory it runs as SIMD (realKernels.wat's `adjointPair`, or
 * `adjointPairAt` on qubit 0 with n ≥ 3: two amplitudes' terms at a time, added to the sums in
 * the same order).
 */
export function realAdjointCxPair(s: Float64Array, l: Float64Array, sweep: CxPairSweep): void {
  const { n, qa, qb, useA, wantA, wantB, undoPsi } = sweep;
  const [a00, a01, a10, a11] = useA ? realEntries(sweep.a) : [1, 0, 0, 1];
  const [b00, b01, b10, b11] = realEntries(sweep.b);
  const contiguous = qa > 0 && qb > 0;
  const wasm = contiguous || n > 2 ? realKernelsFor(s, l) : undefined;
  if (wasm !== undefined) {
    const [so, lo, u] = [s.byteOffset, l.byteOffset, Number(undoPsi)];
    const ua = Number(useA);
    putEntries(wasm, sweep.a, sweep.b);
    (contiguous ? wasm.adjointPair : wasm.adjointPairAt)(so, lo, n, qa, qb, ua, wantA, wantB, u);
    const w = wasm.sums;
    if (wantA !== WMode.none) storeW(sweep.wa, w[0]!, w[1]!, w[2]!, w[3]!);
    if (wantB !== WMode.none) storeW(sweep.wb, w[4]!, w[5]!, w[6]!, w[7]!);
    return;
  }
  const ba = 1 << qa;
  const bb = 1 << qb;
  const low = 1 << Math.min(qa, qb);
  const high = 1 << Math.max(qa, qb);
  const dim = 1 << n;
  let wa00 = 0,
    wa01 = 0,
    wa10 = 0,
    wa11 = 0,
    wb00 = 0,
    wb01 = 0,
    wb10 = 0,
    wb11 = 0;
  for (let x = 0; x < dim; x += high << 1) {
    for (let y = x; y < x + high; y += low << 1) {
      for (let i0 = y; i0 < y + low; i0++) {
        const i1 = i0 | bb;
        const i2 = i0 | ba;
        const i3 = i2 | bb;
        // Undo the CNOT while loading: it swaps |10⟩ and |11⟩ of (qa, qb).
        let x0 = s[i0]!,
          x1 = s[i1]!,
          x2 = s[i3]!,
          x3 = s[i2]!;
        let l0 = l[i0]!,
          l1 = l[i1]!,
          l2 = l[i3]!,
          l3 = l[i2]!;
        if (wantA === WMode.full) {
          wa00 += l0 * x0 + l1 * x1;
          wa01 += l0 * x2 + l1 * x3;
          wa10 += l2 * x0 + l3 * x1;
          wa11 += l2 * x2 + l3 * x3;
        } else if (wantA === WMode.antisymmetric) {
          wa10 += l2 * x0 - l0 * x2 + l3 * x1 - l1 * x3;
        }
        if (wantB === WMode.full) {
          wb00 += l0 * x0 + l2 * x2;
          wb01 += l0 * x1 + l2 * x3;
          wb10 += l1 * x0 + l3 * x2;
          wb11 += l1 * x1 + l3 * x3;
        } else if (wantB === WMode.antisymmetric) {
          wb10 += l1 * x0 - l0 * x1 + l3 * x2 - l2 * x3;
        }
        // Bᵀ then Aᵀ: on ψ only when it is swept back, then on λ.
        if (undoPsi) {
          let y0 = b00 * x0 + b10 * x1;
          let y1 = b01 * x0 + b11 * x1;
          let y2 = b00 * x2 + b10 * x3;
          let y3 = b01 * x2 + b11 * x3;
          if (useA) {
            x0 = a00 * y0 + a10 * y2;
            x2 = a01 * y0 + a11 * y2;
            x1 = a00 * y1 + a10 * y3;
            x3 = a01 * y1 + a11 * y3;
            y0 = x0;
            y1 = x1;
            y2 = x2;
            y3 = x3;
          }
          s[i0] = y0;
          s[i1] = y1;
          s[i2] = y2;
          s[i3] = y3;
        }
        let m0 = b00 * l0 + b10 * l1;
        let m1 = b01 * l0 + b11 * l1;
        let m2 = b00 * l2 + b10 * l3;
        let m3 = b01 * l2 + b11 * l3;
        if (useA) {
          l0 = a00 * m0 + a10 * m2;
          l2 = a01 * m0 + a11 * m2;
          l1 = a00 * m1 + a10 * m3;
          l3 = a01 * m1 + a11 * m3;
          m0 = l0;
          m1 = l1;
          m2 = l2;
          m3 = l3;
        }
        l[i0] = m0;
        l[i1] = m1;
        l[i2] = m2;
        l[i3] = m3;
      }
    }
  }
  if (wantA !== WMode.none) storeW(sweep.wa, wa00, wa01, wa10, wa11);
  if (wantB !== WMode.none) storeW(sweep.wb, wb00, wb01, wb10, wb11);
}
