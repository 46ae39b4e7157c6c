// Small dense complex matrices stored as interleaved Float64Arrays (row-major [re, im] pairs).

/** out = b · a for d×d matrices (`a` is applied first); `out` may not alias `a` or `b`. */
export function multiply(
  out: Float64Array,
  b: Float64Array,
  a: Float64Array,
  d: number,
): Float64Array {
  if (d === 2) return multiply2(out, b, a);
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < d; k++) {
        const br = b[2 * (r * d + k)]!,
          bi = b[2 * (r * d + k) + 1]!;
        const ar = a[2 * (k * d + c)]!,
          ai = a[2 * (k * d + c) + 1]!;
        re += br * ar - bi * ai;
        im += br * ai + bi * ar;
      }
      out[2 * (r * d + c)] = re;
      out[2 * (r * d + c) + 1] = im;
    }
  }
  return out;
}

/** {@link multiply} of 2×2 matrices written out, with the same operations in the same order. */
function multiply2(out: Float64Array, b: Float64Array, a: Float64Array): Float64Array {
  const b0 = b[0]!,
    b1 = b[1]!,
    b2 = b[2]!,
    b3 = b[3]!,
    b4 = b[4]!,
    b5 = b[5]!,
    b6 = b[6]!,
    b7 = b[7]!;
  const a0 = a[0]!,
    a1 = a[1]!,
    a2 = a[2]!,
    a3 = a[3]!,
    a4 = a[4]!,
    a5 = a[5]!,
    a6 = a[6]!,
    a7 = a[7]!;
  out[0] = 0 + (b0 * a0 - b1 * a1) + (b2 * a4 - b3 * a5);
  out[1] = 0 + (b0 * a1 + b1 * a0) + (b2 * a5 + b3 * a4);
  out[2] = 0 + (b0 * a2 - b1 * a3) + (b2 * a6 - b3 * a7);
  out[3] = 0 + (b0 * a3 + b1 * a2) + (b2 * a7 + b3 * a6);
  out[4] = 0 + (b4 * a0 - b5 * a1) + (b6 * a4 - b7 * a5);
  out[5] = 0 + (b4 * a1 + b5 * a0) + (b6 * a5 + b7 * a4);
  out[6] = 0 + (b4 * a2 - b5 * a3) + (b6 * a6 - b7 * a7);
  out[7] = 0 + (b4 * a3 + b5 * a2) + (b6 * a7 + b7 * a6);
  return out;
}

/** out = m† (conjugate transpose); `out` may not alias `m`. */
export function dagger(out: Float64Array, m: Float64Array, d: number): Float64Array {
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      out[2 * (c * d + r)] = m[2 * (r * d + c)]!;
      out[2 * (c * d + r) + 1] = -m[2 * (r * d + c) + 1]!;
    }
  }
  return out;
}

/** Largest entry of |m·m† − I|: 0 for an exactly unitary matrix. */
export function unitarityError(m: Float64Array, d: number): number {
  const adj = dagger(new Float64Array(m.length), m, d);
  const prod = multiply(new Float64Array(m.length), m, adj, d);
  let worst = 0;
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      const re = prod[2 * (r * d + c)]! - (r === c ? 1 : 0);
      const im = prod[2 * (r * d + c) + 1]!;
      worst = Math.max(worst, Math.hypot(re, im));
    }
  }
  return worst;
}

/** Matrix shapes the kernels specialise on. */
export const MatrixKind = { general: 0, diagonal: 1, antiDiagonal: 2, real: 3 } as const;

/** Whether a d×d matrix is diagonal, anti-diagonal (d = 2 only), real or general. */
export function classifyMatrix(m: Float64Array, d: number): number {
  let offDiagonal = false;
  let onDiagonal = false;
  let real = true;
  for (let i = 1; i < m.length; i += 2) if (m[i] !== 0) real = false;
  for (let r = 0; r < d; r++) {
    for (let c = 0; c < d; c++) {
      const nonZero = m[2 * (r * d + c)] !== 0 || m[2 * (r * d + c) + 1] !== 0;
      if (nonZero && r === c) onDiagonal = true;
      if (nonZero && r !== c) offDiagonal = true;
    }
  }
  if (!offDiagonal) return MatrixKind.diagonal;
  if (d === 2 && !onDiagonal) return MatrixKind.antiDiagonal;
  return real && d <= 4 ? MatrixKind.real : MatrixKind.general;
}
