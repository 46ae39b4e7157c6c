// State-vector kernels. A state of n qubits is a Float64Array of 2^(n+1) numbers: amplitude i is
// (s[2i], s[2i+1]) and qubit q is bit q of i. Every kernel works in place and allocates nothing;
// `cmask` selects the indices whose control bits are all 1 (0 for an uncontrolled gate).
// The loops repeat on purpose: one loop per matrix kind keeps each inner loop free of calls and
// branches on the kind, which is where the speed comes from.

/** A general 2×2 matrix `m` on qubit `t`. */
export function apply1(
  s: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): void {
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
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!,
        br = s[b]!,
        bi = s[b + 1]!;
      s[a] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      s[a + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      s[b] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      s[b + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }
}

/** A diagonal 2×2 matrix on qubit `t`; an identity first entry leaves half the state untouched. */
export function applyDiag1(
  s: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): void {
  const d0r = m[0]!,
    d0i = m[1]!,
    d1r = m[6]!,
    d1i = m[7]!;
  const stride = 1 << t;
  const dim = 1 << n;
  const touchZero = d0r !== 1 || d0i !== 0;
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      if (touchZero) {
        const a = i << 1;
        const ar = s[a]!,
          ai = s[a + 1]!;
        s[a] = d0r * ar - d0i * ai;
        s[a + 1] = d0r * ai + d0i * ar;
      }
      const b = (i + stride) << 1;
      const br = s[b]!,
        bi = s[b + 1]!;
      s[b] = d1r * br - d1i * bi;
      s[b + 1] = d1r * bi + d1i * br;
    }
  }
}

/** An anti-diagonal 2×2 matrix (X, Y and their phases) on qubit `t`: a swap with phases. */
export function applyAnti1(
  s: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): void {
  const ur = m[2]!,
    ui = m[3]!,
    lr = m[4]!,
    li = m[5]!;
  const stride = 1 << t;
  const dim = 1 << n;
  if (ur === 1 && ui === 0 && lr === 1 && li === 0) {
    swapPairs(s, dim, stride, cmask);
    return;
  }
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!,
        br = s[b]!,
        bi = s[b + 1]!;
      s[a] = ur * br - ui * bi;
      s[a + 1] = ur * bi + ui * br;
      s[b] = lr * ar - li * ai;
      s[b + 1] = lr * ai + li * ar;
    }
  }
}

/** X (CNOT, Toffoli, …): swaps the amplitude pairs, no arithmetic. */
function swapPairs(s: Float64Array, dim: number, stride: number, cmask: number): void {
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      if ((i & cmask) !== cmask) continue;
      const a = i << 1;
      const b = (i + stride) << 1;
      const ar = s[a]!,
        ai = s[a + 1]!;
      s[a] = s[b]!;
      s[a + 1] = s[b + 1]!;
      s[b] = ar;
      s[b + 1] = ai;
    }
  }
}

/** A real 2×2 matrix (RY, H, products of them) on qubit `t`: half the multiplications. */
export function applyReal1(
  s: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): void {
  const a00 = m[0]!,
    a01 = m[2]!,
    a10 = m[4]!,
    a11 = m[6]!;
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
      s[a] = a00 * ar + a01 * br;
      s[a + 1] = a00 * ai + a01 * bi;
      s[b] = a10 * ar + a11 * br;
      s[b + 1] = a10 * ai + a11 * bi;
    }
  }
}
