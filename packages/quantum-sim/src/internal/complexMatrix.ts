// Small dense complex matrices stored as interleaved Float64Arrays (row-major [re, im] pairs).

/** out = b · a for d×d matrices (`a` is applied first); `out` may not alias `a` or `b`. */
export function multiply(
  out: Float64Array,
  b: Float64Array,
  a: Float64Array,
  d: number,
): Float64Array {
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
