// Read-only kernels of adjoint differentiation: Re⟨λ| M |ψ⟩ for a gate-sized matrix M on the
// indices whose control bits are all 1, without forming M|ψ⟩.

/** Re⟨λ| M |ψ⟩ for a 2×2 matrix M on qubit `t`. */
export function bracket1(
  l: Float64Array,
  s: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): number {
  const m00r = m[0]!,
    m00i = m[1]!,
    m01r = m[2]!,
    m01i = m[3]!;
  const m10r = m[4]!,
    m10i = m[5]!,
    m11r = m[6]!,
    m11i = m[7]!;
  const stride = 1 << t;
  const dim = 1 << n;
  let acc = 0;
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!,
        br = s[b]!,
        bi = s[b + 1]!;
      const ur = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      const ui = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      const vr = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      const vi = m10r * ai + m10i * ar + m11r * bi + m11i * br;
      acc += l[a]! * ur + l[a + 1]! * ui + l[b]! * vr + l[b + 1]! * vi;
    }
  }
  return acc;
}

/** Re⟨λ| M |ψ⟩ for a 4×4 matrix M on qubits `qa` (most significant) and `qb`. */
export function bracket2(
  l: Float64Array,
  s: Float64Array,
  n: number,
  qa: number,
  qb: number,
  cmask: number,
  m: Float64Array,
): number {
  const ba = 1 << qa;
  const bb = 1 << qb;
  const dim = 1 << n;
  const offset = (k: number): number => (k & 2 ? ba : 0) | (k & 1 ? bb : 0);
  let acc = 0;
  for (let i = 0; i < dim; i++) {
    if ((i & (ba | bb)) !== 0 || (i & cmask) !== cmask) continue;
    for (let r = 0; r < 4; r++) {
      let re = 0;
      let im = 0;
      for (let c = 0; c < 4; c++) {
        const p = (i | offset(c)) << 1;
        const mr = m[8 * r + 2 * c]!,
          mi = m[8 * r + 2 * c + 1]!;
        re += mr * s[p]! - mi * s[p + 1]!;
        im += mr * s[p + 1]! + mi * s[p]!;
      }
      const q = (i | offset(r)) << 1;
      acc += l[q]! * re + l[q + 1]! * im;
    }
  }
  return acc;
}
