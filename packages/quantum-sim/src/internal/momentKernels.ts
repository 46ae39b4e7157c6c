// Kernels of a moment of the adjoint sweep (adjointMoments.ts): the bracket sums
// W_q[r][c] = Σ conj(λ_{i_r})·ψ_{i_c} of several single-qubit steps on distinct qubits, from one
// pair (ψ, λ). The WebAssembly kernels `diagonals` and `offDiagonals` of stateKernels.wat compute
// the very same sums in the same order: the results are bit-identical.
//
// Each product conj(λ)·ψ is kept unreduced, as A = (re λ·re ψ, im λ·im ψ) and
// B = (im λ·re ψ, re λ·im ψ): re = A0 + A1, im = B1 − B0 ({@link momentW} reduces them).

/** Numbers {@link diagonalSums} writes per qubit: A, B with the qubit's bit clear, then set. */
export const DIAGONAL_SUMS = 8;

/** Qubits of the blocks {@link diagonalSums} folds (at most). */
export const FOLD_BLOCK_QUBITS = 10;

/** Numbers of the scratch {@link diagonalSums} takes. */
export const FOLD_SCRATCH = 2 << FOLD_BLOCK_QUBITS;

/**
 * The diagonal bracket sums of every qubit of a state of `n` ≥ 1 qubits: with
 * p_i = conj(λ_i)·ψ_i, out[8q …] gets Σ_{bit q of i = 0} p_i and Σ_{bit q of i = 1} p_i
 * (unreduced). Block by block of 2^k amplitudes (k = min(n, {@link FOLD_BLOCK_QUBITS})), by
 * folding the block's top bit k − 1 times (2·2^k additions, not k·2^k), its total going to the
 * qubits above k by the block index's bits. `scratch` takes {@link FOLD_SCRATCH} numbers.
 */
export function diagonalSums(
  s: Float64Array,
  l: Float64Array,
  { n, scratch }: { n: number; scratch: Float64Array },
  out: Float64Array,
): void {
  const k = Math.min(n, FOLD_BLOCK_QUBITS);
  out.fill(0, 0, DIAGONAL_SUMS * n);
  for (let block = 0; block < 1 << (n - k); block++) {
    const base = 2 * (block << k);
    for (let q = k - 1; q >= 0; q--) {
      // Fold bit q: of the states (unreduced products) first, then of the scratch (4 numbers each).
      const half = 1 << q;
      let s0a0 = 0,
        s0a1 = 0,
        s0b0 = 0,
        s0b1 = 0,
        s1a0 = 0,
        s1a1 = 0,
        s1b0 = 0,
        s1b1 = 0;
      for (let j = 0; j < half; j++) {
        const h = j + half;
        let a0: number, a1: number, b0: number, b1: number;
        let c0: number, c1: number, d0: number, d1: number;
        if (q === k - 1) {
          const x = base + 2 * j;
          const y = base + 2 * h;
          a0 = l[x]! * s[x]!;
          a1 = l[x + 1]! * s[x + 1]!;
          b0 = l[x + 1]! * s[x]!;
          b1 = l[x]! * s[x + 1]!;
          c0 = l[y]! * s[y]!;
          c1 = l[y + 1]! * s[y + 1]!;
          d0 = l[y + 1]! * s[y]!;
          d1 = l[y]! * s[y + 1]!;
        } else {
          a0 = scratch[4 * j]!;
          a1 = scratch[4 * j + 1]!;
          b0 = scratch[4 * j + 2]!;
          b1 = scratch[4 * j + 3]!;
          c0 = scratch[4 * h]!;
          c1 = scratch[4 * h + 1]!;
          d0 = scratch[4 * h + 2]!;
          d1 = scratch[4 * h + 3]!;
        }
        s0a0 += a0;
        s0a1 += a1;
        s0b0 += b0;
        s0b1 += b1;
        s1a0 += c0;
        s1a1 += c1;
        s1b0 += d0;
        s1b1 += d1;
        scratch[4 * j] = a0 + c0;
        scratch[4 * j + 1] = a1 + c1;
        scratch[4 * j + 2] = b0 + d0;
        scratch[4 * j + 3] = b1 + d1;
      }
      const o = DIAGONAL_SUMS * q;
      out[o] = out[o]! + s0a0;
      out[o + 1] = out[o + 1]! + s0a1;
      out[o + 2] = out[o + 2]! + s0b0;
      out[o + 3] = out[o + 3]! + s0b1;
      out[o + 4] = out[o + 4]! + s1a0;
      out[o + 5] = out[o + 5]! + s1a1;
      out[o + 6] = out[o + 6]! + s1b0;
      out[o + 7] = out[o + 7]! + s1b1;
    }
    // The block's total (scratch entry 0) to the qubits above the block, by its index's bits.
    for (let q = k; q < n; q++) {
      const o = DIAGONAL_SUMS * q + 4 * ((block >> (q - k)) & 1);
      for (let e = 0; e < 4; e++) out[o + e] = out[o + e]! + scratch[e]!;
    }
  }
}

/**
 * The off-diagonal bracket sums of two qubits `a` ≠ `b` of `n` in one pass over the quadruples
 * of amplitudes they address: for qubit q, Σ conj(λ_i0)·ψ_i1 and Σ conj(λ_i1)·ψ_i0 over its
 * pairs (i0, i1 = i0 + 2^q), unreduced: `out` gets 8 numbers for `a`, then 8 for `b`.
 */
export function offDiagonalSums(
  s: Float64Array,
  l: Float64Array,
  { n, a, b }: { n: number; a: number; b: number },
  out: Float64Array,
): void {
  let aa01r = 0,
    aa01i = 0,
    ab01r = 0,
    ab01i = 0,
    aa10r = 0,
    aa10i = 0,
    ab10r = 0,
    ab10i = 0,
    ba01r = 0,
    ba01i = 0,
    bb01r = 0,
    bb01i = 0,
    ba10r = 0,
    ba10i = 0,
    bb10r = 0,
    bb10i = 0;
  const gapA = 1 << a;
  const gapB = 1 << b;
  // The indices with bits a and b clear, in increasing order (as the SIMD kernel visits them).
  const free = ((1 << n) - 1) & ~(gapA | gapB);
  let i = 0;
  do {
    const p00 = i << 1;
    const pa = (i + gapA) << 1;
    const pb = (i + gapB) << 1;
    const pab = (i + gapA + gapB) << 1;
    const x00r = s[p00]!,
      x00i = s[p00 + 1]!,
      y00r = l[p00]!,
      y00i = l[p00 + 1]!;
    const xar = s[pa]!,
      xai = s[pa + 1]!,
      yar = l[pa]!,
      yai = l[pa + 1]!;
    const xbr = s[pb]!,
      xbi = s[pb + 1]!,
      ybr = l[pb]!,
      ybi = l[pb + 1]!;
    const xabr = s[pab]!,
      xabi = s[pab + 1]!,
      yabr = l[pab]!,
      yabi = l[pab + 1]!;
    aa01r += y00r * xar;
    aa01i += y00i * xai;
    ab01r += y00i * xar;
    ab01i += y00r * xai;
    aa10r += yar * x00r;
    aa10i += yai * x00i;
    ab10r += yai * x00r;
    ab10i += yar * x00i;
    aa01r += ybr * xabr;
    aa01i += ybi * xabi;
    ab01r += ybi * xabr;
    ab01i += ybr * xabi;
    aa10r += yabr * xbr;
    aa10i += yabi * xbi;
    ab10r += yabi * xbr;
    ab10i += yabr * xbi;
    ba01r += y00r * xbr;
    ba01i += y00i * xbi;
    bb01r += y00i * xbr;
    bb01i += y00r * xbi;
    ba10r += ybr * x00r;
    ba10i += ybi * x00i;
    bb10r += ybi * x00r;
    bb10i += ybr * x00i;
    ba01r += yar * xabr;
    ba01i += yai * xabi;
    bb01r += yai * xabr;
    bb01i += yar * xabi;
    ba10r += yabr * xar;
    ba10i += yabi * xai;
    bb10r += yabi * xar;
    bb10i += yabr * xai;
    i = ((i | ~free) + 1) & free;
  } while (i !== 0);
  out[0] = aa01r;
  out[1] = aa01i;
  out[2] = ab01r;
  out[3] = ab01i;
  out[4] = aa10r;
  out[5] = aa10i;
  out[6] = ab10r;
  out[7] = ab10i;
  out[8] = ba01r;
  out[9] = ba01i;
  out[10] = bb01r;
  out[11] = bb01i;
  out[12] = ba10r;
  out[13] = ba10i;
  out[14] = bb10r;
  out[15] = bb10i;
}

/**
 * W of qubit `q` (2×2, row-major, re/im: 8 numbers into `w`) from the sums of
 * {@link diagonalSums} (`diagonal`) and the 8 off-diagonal sums of that qubit at `off[o …]`.
 */
export function momentW(
  diagonal: Float64Array,
  q: number,
  { off, o }: { readonly off: Float64Array; readonly o: number },
  w: Float64Array,
): void {
  const d = DIAGONAL_SUMS * q;
  w[0] = diagonal[d]! + diagonal[d + 1]!;
  w[1] = diagonal[d + 3]! - diagonal[d + 2]!;
  w[2] = off[o]! + off[o + 1]!;
  w[3] = off[o + 3]! - off[o + 2]!;
  w[4] = off[o + 4]! + off[o + 5]!;
  w[5] = off[o + 7]! - off[o + 6]!;
  w[6] = diagonal[d + 4]! + diagonal[d + 5]!;
  w[7] = diagonal[d + 7]! - diagonal[d + 6]!;
}
