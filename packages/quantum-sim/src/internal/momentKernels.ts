// Kernels of a moment of the adjoint sweep (adjointMoments.ts): the bracket sums
// W_q[r][c] = Σ conj(λ_{i_r})·ψ_{i_c} of several single-qubit steps on distinct qubits, from one
// pair (ψ, λ). The WebAssembly kernels `diagonals` and `offDiagonals` of stateKernels.wat compute
// the very same sums in the same order: the results are bit-identical.
//
// Each product conj(λ)·ψ is kept unreduced, as A = (re λ·re ψ, im λ·im ψ) and
// B = (im λ·re ψ, re λ·im ψ): re = A0 + A1, im = B1 − B0 ({@link momentW} reduces them).

/** Numbers {@link diagonalSums} writes per qubit: A, B with the qubit's bit clear, then set. */
export const DIAGONAL_SUMS = 8;

/**
 * The diagonal bracket sums of every qubit of a state of `n` ≥ 1 qubits: with
 * p_i = conj(λ_i)·ψ_i, out[8q …] gets Σ_{bit q of i = 0} p_i and Σ_{bit q of i = 1} p_i
 * (unreduced), by folding the top bit n − 1 times (2·2^n additions, not n·2^n). `scratch` takes
 * 2^(n+1) numbers.
 */
export function diagonalSums(
  s: Float64Array,
  l: Float64Array,
  { n, scratch }: { n: number; scratch: Float64Array },
  out: Float64Array,
): void {
  let half = 1 << (n - 1);
  let s0a0 = 0,
    s0a1 = 0,
    s0b0 = 0,
    s0b1 = 0,
    s1a0 = 0,
    s1a1 = 0,
    s1b0 = 0,
    s1b1 = 0;
  for (let j = 0; j < half; j++) {
    const a = 2 * j;
    const b = 2 * (j + half);
    const lr = l[a]!,
      li = l[a + 1]!,
      pr = s[a]!,
      pi = s[a + 1]!;
    const mr = l[b]!,
      mi = l[b + 1]!,
      qr = s[b]!,
      qi = s[b + 1]!;
    const x0 = lr * pr,
      x1 = li * pi,
      y0 = li * pr,
      y1 = lr * pi;
    const u0 = mr * qr,
      u1 = mi * qi,
      v0 = mi * qr,
      v1 = mr * qi;
    s0a0 += x0;
    s0a1 += x1;
    s0b0 += y0;
    s0b1 += y1;
    s1a0 += u0;
    s1a1 += u1;
    s1b0 += v0;
    s1b1 += v1;
    scratch[4 * j] = x0 + u0;
    scratch[4 * j + 1] = x1 + u1;
    scratch[4 * j + 2] = y0 + v0;
    scratch[4 * j + 3] = y1 + v1;
  }
  for (let q = n - 1; ; q--) {
    const o = DIAGONAL_SUMS * q;
    out[o] = s0a0;
    out[o + 1] = s0a1;
    out[o + 2] = s0b0;
    out[o + 3] = s0b1;
    out[o + 4] = s1a0;
    out[o + 5] = s1a1;
    out[o + 6] = s1b0;
    out[o + 7] = s1b1;
    if (q === 0) return;
    // Fold the scratch's top bit (q − 1): entries of 4 numbers.
    half = 1 << (q - 1);
    s0a0 = s0a1 = s0b0 = s0b1 = s1a0 = s1a1 = s1b0 = s1b1 = 0;
    for (let j = 0; j < 4 * half; j += 4) {
      const k = j + 4 * half;
      const a0 = scratch[j]!,
        a1 = scratch[j + 1]!,
        b0 = scratch[j + 2]!,
        b1 = scratch[j + 3]!;
      const c0 = scratch[k]!,
        c1 = scratch[k + 1]!,
        d0 = scratch[k + 2]!,
        d1 = scratch[k + 3]!;
      s0a0 += a0;
      s0a1 += a1;
      s0b0 += b0;
      s0b1 += b1;
      s1a0 += c0;
      s1a1 += c1;
      s1b0 += d0;
      s1b1 += d1;
      scratch[j] = a0 + c0;
      scratch[j + 1] = a1 + c1;
      scratch[j + 2] = b0 + d0;
      scratch[j + 3] = b1 + d1;
    }
  }
}

/**
 * The off-diagonal bracket sums of qubit `t` of `n`: Σ conj(λ_i0)·ψ_i1, then Σ conj(λ_i1)·ψ_i0
 * over the pairs (i0, i1 = i0 + 2^t), unreduced: `out` gets 8 numbers.
 */
export function offDiagonalSums(
  s: Float64Array,
  l: Float64Array,
  { n, t }: { n: number; t: number },
  out: Float64Array,
): void {
  let a01r = 0,
    a01i = 0,
    b01r = 0,
    b01i = 0,
    a10r = 0,
    a10i = 0,
    b10r = 0,
    b10i = 0;
  const stride = 1 << t;
  const dim = 1 << n;
  for (let hi = 0; hi < dim; hi += stride << 1) {
    for (let i = hi; i < hi + stride; i++) {
      const a = i << 1;
      const b = (i + stride) << 1;
      const pr = s[a]!,
        pi = s[a + 1]!,
        qr = s[b]!,
        qi = s[b + 1]!;
      const lr = l[a]!,
        li = l[a + 1]!,
        mr = l[b]!,
        mi = l[b + 1]!;
      a01r += lr * qr;
      a01i += li * qi;
      b01r += li * qr;
      b01i += lr * qi;
      a10r += mr * pr;
      a10i += mi * pi;
      b10r += mi * pr;
      b10i += mr * pi;
    }
  }
  out[0] = a01r;
  out[1] = a01i;
  out[2] = b01r;
  out[3] = b01i;
  out[4] = a10r;
  out[5] = a10i;
  out[6] = b10r;
  out[7] = b10i;
}

/**
 * W of qubit `q` (2×2, row-major, re/im: 8 numbers into `w`) from the sums of
 * {@link diagonalSums} (`diagonal`) and {@link offDiagonalSums} of that qubit (`off`).
 */
export function momentW(
  diagonal: Float64Array,
  q: number,
  off: Float64Array,
  w: Float64Array,
): void {
  const d = DIAGONAL_SUMS * q;
  w[0] = diagonal[d]! + diagonal[d + 1]!;
  w[1] = diagonal[d + 3]! - diagonal[d + 2]!;
  w[2] = off[0]! + off[1]!;
  w[3] = off[3]! - off[2]!;
  w[4] = off[4]! + off[5]!;
  w[5] = off[7]! - off[6]!;
  w[6] = diagonal[d + 4]! + diagonal[d + 5]!;
  w[7] = diagonal[d + 7]! - diagonal[d + 6]!;
}
