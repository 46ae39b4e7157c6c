// State-vector kernels. A state of n qubits is a Float64Array of 2^(n+1) numbers: amplitude i is
// (s[2i], s[2i+1]) and qubit q is bit q of i. Every kernel works in place and allocates nothing;
// `cmask` selects the indices whose control bits are all 1 (0 for an uncontrolled gate).
// The loops repeat on purpose: one loop per matrix kind keeps each inner loop free of calls and
// branches on the kind, which is where the speed comes from.

/** The k-th index whose bits `lowPos` < `highPos` are both 0 (zero bits inserted into k). */
export function quadBase(k: number, lowPos: number, highPos: number): number {
  const i = ((k >> lowPos) << (lowPos + 1)) | (k & ((1 << lowPos) - 1));
  return ((i >> highPos) << (highPos + 1)) | (i & ((1 << highPos) - 1));
}

/** A general 4×4 matrix on qubits `qa` (most significant in the matrix) and `qb`. */
export function apply2(
  s: Float64Array,
  n: number,
  qa: number,
  qb: number,
  cmask: number,
  m: Float64Array,
): void {
  const m00r = m[0]!,
    m00i = m[1]!;
  const m01r = m[2]!,
    m01i = m[3]!;
  const m02r = m[4]!,
    m02i = m[5]!;
  const m03r = m[6]!,
    m03i = m[7]!;
  const m10r = m[8]!,
    m10i = m[9]!;
  const m11r = m[10]!,
    m11i = m[11]!;
  const m12r = m[12]!,
    m12i = m[13]!;
  const m13r = m[14]!,
    m13i = m[15]!;
  const m20r = m[16]!,
    m20i = m[17]!;
  const m21r = m[18]!,
    m21i = m[19]!;
  const m22r = m[20]!,
    m22i = m[21]!;
  const m23r = m[22]!,
    m23i = m[23]!;
  const m30r = m[24]!,
    m30i = m[25]!;
  const m31r = m[26]!,
    m31i = m[27]!;
  const m32r = m[28]!,
    m32i = m[29]!;
  const m33r = m[30]!,
    m33i = m[31]!;
  const ba = 1 << qa;
  const bb = 1 << qb;
  const lowPos = Math.min(qa, qb);
  const highPos = Math.max(qa, qb);
  const quarter = 1 << (n - 2);
  for (let k = 0; k < quarter; k++) {
    const i = quadBase(k, lowPos, highPos);
    if ((i & cmask) !== cmask) continue;
    const p0 = i << 1;
    const p1 = (i | bb) << 1;
    const p2 = (i | ba) << 1;
    const p3 = (i | ba | bb) << 1;
    const x0r = s[p0]!,
      x0i = s[p0 + 1]!,
      x1r = s[p1]!,
      x1i = s[p1 + 1]!;
    const x2r = s[p2]!,
      x2i = s[p2 + 1]!,
      x3r = s[p3]!,
      x3i = s[p3 + 1]!;
    s[p0] =
      m00r * x0r -
      m00i * x0i +
      m01r * x1r -
      m01i * x1i +
      m02r * x2r -
      m02i * x2i +
      m03r * x3r -
      m03i * x3i;
    s[p0 + 1] =
      m00r * x0i +
      m00i * x0r +
      m01r * x1i +
      m01i * x1r +
      m02r * x2i +
      m02i * x2r +
      m03r * x3i +
      m03i * x3r;
    s[p1] =
      m10r * x0r -
      m10i * x0i +
      m11r * x1r -
      m11i * x1i +
      m12r * x2r -
      m12i * x2i +
      m13r * x3r -
      m13i * x3i;
    s[p1 + 1] =
      m10r * x0i +
      m10i * x0r +
      m11r * x1i +
      m11i * x1r +
      m12r * x2i +
      m12i * x2r +
      m13r * x3i +
      m13i * x3r;
    s[p2] =
      m20r * x0r -
      m20i * x0i +
      m21r * x1r -
      m21i * x1i +
      m22r * x2r -
      m22i * x2i +
      m23r * x3r -
      m23i * x3i;
    s[p2 + 1] =
      m20r * x0i +
      m20i * x0r +
      m21r * x1i +
      m21i * x1r +
      m22r * x2i +
      m22i * x2r +
      m23r * x3i +
      m23i * x3r;
    s[p3] =
      m30r * x0r -
      m30i * x0i +
      m31r * x1r -
      m31i * x1i +
      m32r * x2r -
      m32i * x2i +
      m33r * x3r -
      m33i * x3i;
    s[p3 + 1] =
      m30r * x0i +
      m30i * x0r +
      m31r * x1i +
      m31i * x1r +
      m32r * x2i +
      m32i * x2r +
      m33r * x3i +
      m33i * x3r;
  }
}

/** A diagonal 4×4 matrix on qubits `qa`, `qb`. */
export function applyDiag2(
  s: Float64Array,
  n: number,
  qa: number,
  qb: number,
  cmask: number,
  m: Float64Array,
): void {
  const dim = 1 << n;
  for (let i = 0; i < dim; i++) {
    if ((i & cmask) !== cmask) continue;
    const r = (((i >> qa) & 1) << 1) | ((i >> qb) & 1);
    const o = r * 10;
    const dr = m[o]!,
      di = m[o + 1]!;
    const p = i << 1;
    const xr = s[p]!,
      xi = s[p + 1]!;
    s[p] = dr * xr - di * xi;
    s[p + 1] = dr * xi + di * xr;
  }
}

/** A real 4×4 matrix (fused RY ⊗ RY then CNOT, …) on qubits `qa` (most significant) and `qb`. */
export function applyReal2(
  s: Float64Array,
  n: number,
  qa: number,
  qb: number,
  cmask: number,
  m: Float64Array,
): void {
  const m00 = m[0]!;
  const m01 = m[2]!;
  const m02 = m[4]!;
  const m03 = m[6]!;
  const m10 = m[8]!;
  const m11 = m[10]!;
  const m12 = m[12]!;
  const m13 = m[14]!;
  const m20 = m[16]!;
  const m21 = m[18]!;
  const m22 = m[20]!;
  const m23 = m[22]!;
  const m30 = m[24]!;
  const m31 = m[26]!;
  const m32 = m[28]!;
  const m33 = m[30]!;
  const ba = 1 << qa;
  const bb = 1 << qb;
  const lowPos = Math.min(qa, qb);
  const highPos = Math.max(qa, qb);
  const quarter = 1 << (n - 2);
  for (let k = 0; k < quarter; k++) {
    const i = quadBase(k, lowPos, highPos);
    if ((i & cmask) !== cmask) continue;
    const p0 = i << 1;
    const p1 = (i | bb) << 1;
    const p2 = (i | ba) << 1;
    const p3 = (i | ba | bb) << 1;
    const x0r = s[p0]!,
      x0i = s[p0 + 1]!,
      x1r = s[p1]!,
      x1i = s[p1 + 1]!;
    const x2r = s[p2]!,
      x2i = s[p2 + 1]!,
      x3r = s[p3]!,
      x3i = s[p3 + 1]!;
    s[p0] = m00 * x0r + m01 * x1r + m02 * x2r + m03 * x3r;
    s[p0 + 1] = m00 * x0i + m01 * x1i + m02 * x2i + m03 * x3i;
    s[p1] = m10 * x0r + m11 * x1r + m12 * x2r + m13 * x3r;
    s[p1 + 1] = m10 * x0i + m11 * x1i + m12 * x2i + m13 * x3i;
    s[p2] = m20 * x0r + m21 * x1r + m22 * x2r + m23 * x3r;
    s[p2 + 1] = m20 * x0i + m21 * x1i + m22 * x2i + m23 * x3i;
    s[p3] = m30 * x0r + m31 * x1r + m32 * x2r + m33 * x3r;
    s[p3 + 1] = m30 * x0i + m31 * x1i + m32 * x2i + m33 * x3i;
  }
}
