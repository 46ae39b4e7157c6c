// Kernels of the real-state path: when every step of a circuit is a real matrix and the state
// starts at |0…0⟩, the state stays real, so it is simulated as 2^n real amplitudes (`r[i]`), half
// the memory traffic and a quarter of the multiplications of the complex kernels. Matrices are
// still read in the interleaved complex layout (their imaginary parts are zero). On views of a
// circuit's WebAssembly state memory, the kernels below run as SIMD (realKernels.wat), with the
// same arithmetic: the JavaScript loops are the fallback for other arrays.

import { putEntries, realKernelsFor } from './realWasmKernels.js';

/** The entries m00, m01, m10, m11 of a real 2×2 matrix stored as interleaved complex numbers. */
export function realEntries(m: Float64Array): [number, number, number, number] {
  return [m[0]!, m[2]!, m[4]!, m[6]!];
}

/** A real 2×2 matrix `m` on qubit `t`, applied where the `cmask` bits are all 1. */
export function applyRealState1(
  r: Float64Array,
  n: number,
  t: number,
  cmask: number,
  m: Float64Array,
): void {
  const [m00, m01, m10, m11] = realEntries(m);
  const swap = m00 === 0 && m11 === 0 && m01 === 1 && m10 === 1;
  // The SIMD kernel pairs amplitudes i, i + 1: bit 0 must not be a control.
  const wasm = (cmask & 1) === 0 ? realKernelsFor(r, r) : undefined;
  if (wasm !== undefined) {
    wasm.apply1(r.byteOffset, n, t, cmask, m00, m01, m10, m11, swap ? 1 : 0);
    return;
  }
  const stride = 1 << t;
  const dim = 1 << n;
  if (swap) {
    // X (CNOT, Toffoli, …): a swap.
    for (let x = 0; x < dim; x += stride << 1) {
      for (let i0 = x; i0 < x + stride; i0++) {
        if ((i0 & cmask) !== cmask) continue;
        const a = r[i0]!;
        r[i0] = r[i0 + stride]!;
        r[i0 + stride] = a;
      }
    }
    return;
  }
  for (let x = 0; x < dim; x += stride << 1) {
    for (let i0 = x; i0 < x + stride; i0++) {
      if ((i0 & cmask) !== cmask) continue;
      const a = r[i0]!;
      const b = r[i0 + stride]!;
      r[i0] = m00 * a + m01 * b;
      r[i0 + stride] = m10 * a + m11 * b;
    }
  }
}

/** A real 4×4 matrix on qubits `qa` (most significant in the matrix) and `qb`. */
export function applyRealState2(
  r: Float64Array,
  n: number,
  qa: number,
  qb: number,
  cmask: number,
  m: Float64Array,
): void {
  const m00 = m[0]!,
    m01 = m[2]!,
    m02 = m[4]!,
    m03 = m[6]!;
  const m10 = m[8]!,
    m11 = m[10]!,
    m12 = m[12]!,
    m13 = m[14]!;
  const m20 = m[16]!,
    m21 = m[18]!,
    m22 = m[20]!,
    m23 = m[22]!;
  const m30 = m[24]!,
    m31 = m[26]!,
    m32 = m[28]!,
    m33 = m[30]!;
  const ba = 1 << qa;
  const bb = 1 << qb;
  const lowPos = Math.min(qa, qb);
  const highPos = Math.max(qa, qb);
  const low = 1 << lowPos;
  const high = 1 << highPos;
  const dim = 1 << n;
  for (let x = 0; x < dim; x += high << 1) {
    for (let y = x; y < x + high; y += low << 1) {
      for (let i0 = y; i0 < y + low; i0++) {
        if ((i0 & cmask) !== cmask) continue;
        const i1 = i0 | bb;
        const i2 = i0 | ba;
        const i3 = i2 | bb;
        const x0 = r[i0]!,
          x1 = r[i1]!,
          x2 = r[i2]!,
          x3 = r[i3]!;
        r[i0] = m00 * x0 + m01 * x1 + m02 * x2 + m03 * x3;
        r[i1] = m10 * x0 + m11 * x1 + m12 * x2 + m13 * x3;
        r[i2] = m20 * x0 + m21 * x1 + m22 * x2 + m23 * x3;
        r[i3] = m30 * x0 + m31 * x1 + m32 * x2 + m33 * x3;
      }
    }
  }
}

/**
 * CNOT(`qa` → `qb`) · (A ⊗ B) for real 2×2 `a` (on `qa`) and `b` (on `qb`): the rotations and the
 * CNOT that follows them in one sweep, with the arithmetic of the rotations alone. The result goes
 * to `out` (default: in place; another array of 2^n reals leaves `r` unchanged).
 */
export function applyRealStateCxPair(
  r: Float64Array,
  n: number,
  qa: number,
  qb: number,
  a: Float64Array,
  b: Float64Array,
  out: Float64Array = r,
): void {
  const [a00, a01, a10, a11] = realEntries(a);
  const [b00, b01, b10, b11] = realEntries(b);
  const ident = a00 === 1 && a01 === 0 && a10 === 0 && a11 === 1;
  const lowPos = Math.min(qa, qb);
  // The SIMD kernels take two neighbouring amplitudes at a time, or with qubit 0 (n ≥ 3) the
  // amplitudes two iterations apart.
  const wasm = lowPos > 0 || n > 2 ? realKernelsFor(r, out) : undefined;
  if (wasm !== undefined) {
    const [ro, oo] = [r.byteOffset, out.byteOffset];
    putEntries(wasm, a, b);
    (lowPos > 0 ? wasm.cxPair : wasm.cxPairAt)(ro, oo, n, qa, qb, ident ? 1 : 0);
    return;
  }
  const ba = 1 << qa;
  const bb = 1 << qb;
  const highPos = Math.max(qa, qb);
  const low = 1 << lowPos;
  const high = 1 << highPos;
  const dim = 1 << n;
  if (ident) {
    // No rotation on the control (a CNOT chain after the first link): half the arithmetic.
    for (let x = 0; x < dim; x += high << 1) {
      for (let y = x; y < x + high; y += low << 1) {
        for (let i0 = y; i0 < y + low; i0++) {
          const i1 = i0 | bb;
          const i2 = i0 | ba;
          const i3 = i2 | bb;
          const x0 = r[i0]!,
            x1 = r[i1]!,
            x2 = r[i2]!,
            x3 = r[i3]!;
          out[i0] = b00 * x0 + b01 * x1;
          out[i1] = b10 * x0 + b11 * x1;
          out[i3] = b00 * x2 + b01 * x3;
          out[i2] = b10 * x2 + b11 * x3;
        }
      }
    }
    return;
  }
  // Three nested loops over the indices whose bits qa and qb are 0: the inner one is contiguous.
  for (let x = 0; x < dim; x += high << 1) {
    for (let y = x; y < x + high; y += low << 1) {
      for (let i0 = y; i0 < y + low; i0++) {
        const i1 = i0 | bb;
        const i2 = i0 | ba;
        const i3 = i2 | bb;
        const x0 = r[i0]!,
          x1 = r[i1]!,
          x2 = r[i2]!,
          x3 = r[i3]!;
        const y0 = b00 * x0 + b01 * x1;
        const y1 = b10 * x0 + b11 * x1;
        const y2 = b00 * x2 + b01 * x3;
        const y3 = b10 * x2 + b11 * x3;
        out[i0] = a00 * y0 + a01 * y2;
        out[i1] = a00 * y1 + a01 * y3;
        // The CNOT swaps |10⟩ and |11⟩ of (qa, qb).
        out[i3] = a10 * y0 + a11 * y2;
        out[i2] = a10 * y1 + a11 * y3;
      }
    }
  }
}
