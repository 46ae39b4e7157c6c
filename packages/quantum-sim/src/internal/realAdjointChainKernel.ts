import { storeW } from './realAdjointKernels.js';
import { sortedBits } from './realChainKernel.js';
import { realEntries } from './realStateKernels.js';
import { putEntries, realKernelsFor } from './realWasmKernels.js';

/** Two chained real CNOT links swept backward at once (see {@link realAdjointCxChain}). */
export interface CxChainSweep {
  readonly n: number;
  /** qa → qb is the first link's CNOT, qb → qc the second's. */
  qa: number;
  qb: number;
  qc: number;
  /** First link: A on qa (when `useA`), B on qb; second link: C on qc (its control factor is I). */
  a: Float64Array;
  b: Float64Array;
  c: Float64Array;
  useA: boolean;
  /**
   * Which factors have parameters (each one a lone rotation: only W[1][0] − W[0][1] is
   * accumulated, see `WMode.antisymmetric`).
   */
  wantA: boolean;
  wantB: boolean;
  wantC: boolean;
  /** Receive W_A, W_B, W_C (2×2, interleaved complex layout, imaginary parts 0). */
  readonly wa: Float64Array;
  readonly wb: Float64Array;
  readonly wc: Float64Array;
  /** Whether ψ is swept back too (false: it is a stored copy, only read). */
  undoPsi: boolean;
}

/**
 * Backward sweep of CNOT(qb → qc)·(I ⊗ C) after CNOT(qa → qb)·(A ⊗ B), the pair of links the
 * forward chain kernel applies in one pass: eight amplitudes of ψ and of λ are loaded, both links
 * are undone in registers (second link first) while W[1][0] − W[0][1] of each parameterised
 * factor is accumulated at the point right after that factor, and stored once. Factors whose
 * parameters need the full W take the single-link kernel instead. Without `undoPsi`, ψ (a stored
 * copy) is only read: every bracket is taken on the loaded amplitudes, no arithmetic on ψ.
 * On views of a WebAssembly state memory it runs as SIMD (realKernels.wat's `adjointChain`, or
 * `adjointChainAt` with qubit 0 among the three and n ≥ 4: two amplitudes' terms at a time, added
 * to the sums in order).
 */
export function realAdjointCxChain(s: Float64Array, l: Float64Array, sweep: CxChainSweep): void {
  const { n, qa, qb, qc, useA, wantA, wantB, wantC, undoPsi } = sweep;
  const [a00, a01, a10, a11] = realEntries(sweep.a);
  const [b00, b01, b10, b11] = realEntries(sweep.b);
  const [c00, c01, c10, c11] = realEntries(sweep.c);
  const contiguous = qa > 0 && qb > 0 && qc > 0;
  const wasm = contiguous || n > 3 ? realKernelsFor(s, l) : undefined;
  if (wasm !== undefined) {
    const [so, lo] = [s.byteOffset, l.byteOffset];
    const [fa, fb, fc, u] = [Number(wantA), Number(wantB), Number(wantC), Number(undoPsi)];
    putEntries(wasm, sweep.a, sweep.b, sweep.c);
    const kernel = contiguous ? wasm.adjointChain : wasm.adjointChainAt;
    kernel(so, lo, n, qa, qb, qc, Number(useA), fa, fb, fc, u);
    const sums = wasm.sums;
    if (wantA) storeW(sweep.wa, 0, 0, sums[0]!, 0);
    if (wantB) storeW(sweep.wb, 0, 0, sums[1]!, 0);
    if (wantC) storeW(sweep.wc, 0, 0, sums[2]!, 0);
    return;
  }
  const ba = 1 << qa;
  const bb = 1 << qb;
  const bc = 1 << qc;
  const [s0, s1, s2] = sortedBits(qa, qb, qc);
  const dim = 1 << n;
  let wa = 0,
    wb = 0,
    wc = 0;
  for (let w = 0; w < dim; w += s2 << 1) {
    for (let x = w; x < w + s2; x += s1 << 1) {
      for (let y = x; y < x + s1; y += s0 << 1) {
        for (let i = y; i < y + s0; i++) {
          // Index jabc: bits a (qa), b (qb), c (qc).
          const j001 = i | bc;
          const j010 = i | bb;
          const j011 = j010 | bc;
          const j100 = i | ba;
          const j101 = j100 | bc;
          const j110 = j100 | bb;
          const j111 = j110 | bc;
          // Undo the second CNOT while loading: it swaps c where b = 1.
          let x000 = s[i]!,
            x001 = s[j001]!,
            x010 = s[j011]!,
            x011 = s[j010]!,
            x100 = s[j100]!,
            x101 = s[j101]!,
            x110 = s[j111]!,
            x111 = s[j110]!;
          let l000 = l[i]!,
            l001 = l[j001]!,
            l010 = l[j011]!,
            l011 = l[j010]!,
            l100 = l[j100]!,
            l101 = l[j101]!,
            l110 = l[j111]!,
            l111 = l[j110]!;
          if (wantC) {
            wc += l001 * x000 - l000 * x001 + l011 * x010 - l010 * x011 + l101 * x100 - l100 * x101;
            wc += l111 * x110 - l110 * x111;
          }
          // The brackets of B and A taken here: from right after each factor to this point, the
          // generator −iY of B becomes Z_a·(−iY_b) and that of A (−iY_a)·X_b (C commutes with both,
          // and the first CNOT conjugates them), so neither needs ψ taken back first.
          if (wantB) {
            wb += l010 * x000 - l000 * x010 + l011 * x001 - l001 * x011 - l110 * x100;
            wb += l100 * x110 - l111 * x101 + l101 * x111;
          }
          if (wantA) {
            wa += l110 * x000 - l010 * x100 + l100 * x010 - l000 * x110 + l111 * x001;
            wa += -l011 * x101 + l101 * x011 - l001 * x111;
          }
          // Cᵀ on qc, then the first CNOT undone (b swapped where a = 1, on the fly), Bᵀ and Aᵀ: on ψ
          // only when it is swept back, then on λ.
          let t0 = 0,
            t1 = 0;
          if (undoPsi) {
            t0 = x000;
            t1 = x001;
            x000 = c00 * t0 + c10 * t1;
            x001 = c01 * t0 + c11 * t1;
            t0 = x010;
            t1 = x011;
            x010 = c00 * t0 + c10 * t1;
            x011 = c01 * t0 + c11 * t1;
            t0 = x100;
            t1 = x101;
            const y110 = c00 * t0 + c10 * t1;
            const y111 = c01 * t0 + c11 * t1;
            t0 = x110;
            t1 = x111;
            x100 = c00 * t0 + c10 * t1;
            x101 = c01 * t0 + c11 * t1;
            x110 = y110;
            x111 = y111;
            // Bᵀ on qb.
            t0 = x000;
            t1 = x010;
            x000 = b00 * t0 + b10 * t1;
            x010 = b01 * t0 + b11 * t1;
            t0 = x001;
            t1 = x011;
            x001 = b00 * t0 + b10 * t1;
            x011 = b01 * t0 + b11 * t1;
            t0 = x100;
            t1 = x110;
            x100 = b00 * t0 + b10 * t1;
            x110 = b01 * t0 + b11 * t1;
            t0 = x101;
            t1 = x111;
            x101 = b00 * t0 + b10 * t1;
            x111 = b01 * t0 + b11 * t1;
            if (useA) {
              // Aᵀ on qa.
              t0 = x000;
              t1 = x100;
              x000 = a00 * t0 + a10 * t1;
              x100 = a01 * t0 + a11 * t1;
              t0 = x001;
              t1 = x101;
              x001 = a00 * t0 + a10 * t1;
              x101 = a01 * t0 + a11 * t1;
              t0 = x010;
              t1 = x110;
              x010 = a00 * t0 + a10 * t1;
              x110 = a01 * t0 + a11 * t1;
              t0 = x011;
              t1 = x111;
              x011 = a00 * t0 + a10 * t1;
              x111 = a01 * t0 + a11 * t1;
            }
            s[i] = x000;
            s[j001] = x001;
            s[j010] = x010;
            s[j011] = x011;
            s[j100] = x100;
            s[j101] = x101;
            s[j110] = x110;
            s[j111] = x111;
          }
          t0 = l000;
          t1 = l001;
          l000 = c00 * t0 + c10 * t1;
          l001 = c01 * t0 + c11 * t1;
          t0 = l010;
          t1 = l011;
          l010 = c00 * t0 + c10 * t1;
          l011 = c01 * t0 + c11 * t1;
          t0 = l100;
          t1 = l101;
          const m110 = c00 * t0 + c10 * t1;
          const m111 = c01 * t0 + c11 * t1;
          t0 = l110;
          t1 = l111;
          l100 = c00 * t0 + c10 * t1;
          l101 = c01 * t0 + c11 * t1;
          l110 = m110;
          l111 = m111;
          // Bᵀ on qb.
          t0 = l000;
          t1 = l010;
          l000 = b00 * t0 + b10 * t1;
          l010 = b01 * t0 + b11 * t1;
          t0 = l001;
          t1 = l011;
          l001 = b00 * t0 + b10 * t1;
          l011 = b01 * t0 + b11 * t1;
          t0 = l100;
          t1 = l110;
          l100 = b00 * t0 + b10 * t1;
          l110 = b01 * t0 + b11 * t1;
          t0 = l101;
          t1 = l111;
          l101 = b00 * t0 + b10 * t1;
          l111 = b01 * t0 + b11 * t1;
          if (useA) {
            // Aᵀ on qa.
            t0 = l000;
            t1 = l100;
            l000 = a00 * t0 + a10 * t1;
            l100 = a01 * t0 + a11 * t1;
            t0 = l001;
            t1 = l101;
            l001 = a00 * t0 + a10 * t1;
            l101 = a01 * t0 + a11 * t1;
            t0 = l010;
            t1 = l110;
            l010 = a00 * t0 + a10 * t1;
            l110 = a01 * t0 + a11 * t1;
            t0 = l011;
            t1 = l111;
            l011 = a00 * t0 + a10 * t1;
            l111 = a01 * t0 + a11 * t1;
          }
          l[i] = l000;
          l[j001] = l001;
          l[j010] = l010;
          l[j011] = l011;
          l[j100] = l100;
          l[j101] = l101;
          l[j110] = l110;
          l[j111] = l111;
        }
      }
    }
  }
  if (wantA) storeW(sweep.wa, 0, 0, wa, 0);
  if (wantB) storeW(sweep.wb, 0, 0, wb, 0);
  if (wantC) storeW(sweep.wc, 0, 0, wc, 0);
}
