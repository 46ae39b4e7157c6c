// Kernels of the fused adjoint sweep. For a step with matrix U, on entry `s` = ψ and `l` = λ
// after the step. In one pass they accumulate W[r][c] = Σ conj(λ_r)·ψ_c over the amplitude
// groups the step acts on (so that Re⟨λ|G|ψ⟩ = Re Σ G[r][c]·W[r][c] for any gate-sized G), and
// replace ψ and λ by U†ψ and U†λ (ψ only when `undoPsi`: else it is a copy the forward pass
// kept, only read). The work per group does not depend on the number of parameters in the step.

/** Where a single-qubit adjoint step acts: qubit `t` of `n`, the indices with all `cmask` bits set. */
export interface AdjointShape1 {
  readonly n: number;
  readonly t: number;
  readonly cmask: number;
  /** Whether ψ is undone too (else it is a kept copy, only read). */
  readonly undoPsi: boolean;
}

/** Single-qubit step on qubit `t` (indices with all `cmask` bits set); `w` gets 8 numbers. */
export function adjointStep1(
  s: Float64Array,
  l: Float64Array,
  shape: AdjointShape1,
  u: Float64Array,
  w: Float64Array,
): void {
  const { n, t, cmask, undoPsi } = shape;
  const u00r = u[0]!,
    u00i = u[1]!,
    u01r = u[2]!,
    u01i = u[3]!;
  const u10r = u[4]!,
    u10i = u[5]!,
    u11r = u[6]!,
    u11i = u[7]!;
  let w00r = 0,
    w00i = 0,
    w01r = 0,
    w01i = 0,
    w10r = 0,
    w10i = 0,
    w11r = 0,
    w11i = 0;
  const stride = 1 << t;
  const dim = 1 << n;
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!,
        br = s[b]!,
        bi = s[b + 1]!;
      const lar = l[a]!,
        lai = l[a + 1]!,
        lbr = l[b]!,
        lbi = l[b + 1]!;
      // conj(λ_r)·ψ_c = (lr·pr + li·pi) + i(lr·pi − li·pr).
      w00r += lar * ar + lai * ai;
      w00i += lar * ai - lai * ar;
      w01r += lar * br + lai * bi;
      w01i += lar * bi - lai * br;
      w10r += lbr * ar + lbi * ai;
      w10i += lbr * ai - lbi * ar;
      w11r += lbr * br + lbi * bi;
      w11i += lbr * bi - lbi * br;
      if (undoPsi) {
        s[a] = u00r * ar - u00i * ai + u01r * br - u01i * bi;
        s[a + 1] = u00r * ai + u00i * ar + u01r * bi + u01i * br;
        s[b] = u10r * ar - u10i * ai + u11r * br - u11i * bi;
        s[b + 1] = u10r * ai + u10i * ar + u11r * bi + u11i * br;
      }
      l[a] = u00r * lar - u00i * lai + u01r * lbr - u01i * lbi;
      l[a + 1] = u00r * lai + u00i * lar + u01r * lbi + u01i * lbr;
      l[b] = u10r * lar - u10i * lai + u11r * lbr - u11i * lbi;
      l[b + 1] = u10r * lai + u10i * lar + u11r * lbi + u11i * lbr;
    }
  }
  w[0] = w00r;
  w[1] = w00i;
  w[2] = w01r;
  w[3] = w01i;
  w[4] = w10r;
  w[5] = w10i;
  w[6] = w11r;
  w[7] = w11i;
}

/** As {@link adjointStep1} for a real U (RY, H and their products): half the multiplications for U†. */
export function adjointStep1Real(
  s: Float64Array,
  l: Float64Array,
  shape: { n: number; t: number; cmask: number; undoPsi: boolean },
  u: Float64Array,
  w: Float64Array,
): void {
  const { n, t, cmask, undoPsi } = shape;
  const u00 = u[0]!,
    u01 = u[2]!,
    u10 = u[4]!,
    u11 = u[6]!;
  let w00r = 0,
    w00i = 0,
    w01r = 0,
    w01i = 0,
    w10r = 0,
    w10i = 0,
    w11r = 0,
    w11i = 0;
  const stride = 1 << t;
  const dim = 1 << n;
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!,
        br = s[b]!,
        bi = s[b + 1]!;
      const lar = l[a]!,
        lai = l[a + 1]!,
        lbr = l[b]!,
        lbi = l[b + 1]!;
      w00r += lar * ar + lai * ai;
      w00i += lar * ai - lai * ar;
      w01r += lar * br + lai * bi;
      w01i += lar * bi - lai * br;
      w10r += lbr * ar + lbi * ai;
      w10i += lbr * ai - lbi * ar;
      w11r += lbr * br + lbi * bi;
      w11i += lbr * bi - lbi * br;
      if (undoPsi) {
        s[a] = u00 * ar + u01 * br;
        s[a + 1] = u00 * ai + u01 * bi;
        s[b] = u10 * ar + u11 * br;
        s[b + 1] = u10 * ai + u11 * bi;
      }
      l[a] = u00 * lar + u01 * lbr;
      l[a + 1] = u00 * lai + u01 * lbi;
      l[b] = u10 * lar + u11 * lbr;
      l[b + 1] = u10 * lai + u11 * lbi;
    }
  }
  w[0] = w00r;
  w[1] = w00i;
  w[2] = w01r;
  w[3] = w01i;
  w[4] = w10r;
  w[5] = w10i;
  w[6] = w11r;
  w[7] = w11i;
}

/** Two-qubit step on `qa` (most significant) and `qb`; `w` gets 32 numbers, `scratch` 16. */
export function adjointStep2(
  s: Float64Array,
  l: Float64Array,
  shape: { n: number; qa: number; qb: number; cmask: number; undoPsi: boolean },
  u: Float64Array,
  w: Float64Array,
  scratch: Float64Array,
): void {
  const { n, qa, qb, cmask, undoPsi } = shape;
  const ba = 1 << qa;
  const bb = 1 << qb;
  const dim = 1 << n;
  w.fill(0);
  for (let i = 0; i < dim; i++) {
    if ((i & (ba | bb)) !== 0 || (i & cmask) !== cmask) continue;
    for (let r = 0; r < 4; r++) {
      const p = (i | (r & 2 ? ba : 0) | (r & 1 ? bb : 0)) << 1;
      scratch[2 * r] = s[p]!;
      scratch[2 * r + 1] = s[p + 1]!;
      scratch[8 + 2 * r] = l[p]!;
      scratch[9 + 2 * r] = l[p + 1]!;
    }
    for (let r = 0; r < 4; r++) {
      const lr = scratch[8 + 2 * r]!,
        li = scratch[9 + 2 * r]!;
      for (let c = 0; c < 4; c++) {
        const pr = scratch[2 * c]!,
          pi = scratch[2 * c + 1]!;
        w[8 * r + 2 * c] = w[8 * r + 2 * c]! + lr * pr + li * pi;
        w[8 * r + 2 * c + 1] = w[8 * r + 2 * c + 1]! + lr * pi - li * pr;
      }
    }
    for (let r = 0; r < 4; r++) {
      let sr = 0,
        si = 0,
        lr = 0,
        li = 0;
      for (let c = 0; c < 4; c++) {
        const mr = u[8 * r + 2 * c]!,
          mi = u[8 * r + 2 * c + 1]!;
        const pr = scratch[2 * c]!,
          pi = scratch[2 * c + 1]!;
        const qr = scratch[8 + 2 * c]!,
          qi = scratch[9 + 2 * c]!;
        sr += mr * pr - mi * pi;
        si += mr * pi + mi * pr;
        lr += mr * qr - mi * qi;
        li += mr * qi + mi * qr;
      }
      const p = (i | (r & 2 ? ba : 0) | (r & 1 ? bb : 0)) << 1;
      if (undoPsi) {
        s[p] = sr;
        s[p + 1] = si;
      }
      l[p] = lr;
      l[p + 1] = li;
    }
  }
}
