import type { CxPair } from './fusionPlan.js';
import { realEntries } from './realStateKernels.js';
import { quadBase } from './twoQubitKernels.js';

/**
 * CNOT(control `qa` → target `qb`) · (A ⊗ B) for real 2×2 matrices A (on `qa`) and B (on `qb`):
 * a rotation layer absorbed into the CNOT that follows it, in one sweep and with the arithmetic
 * of the rotations alone (the CNOT is a swap of the outputs).
 */
export function applyCxPairReal(
  s: Float64Array,
  n: number,
  qa: number,
  qb: number,
  pair: CxPair,
): void {
  const { a, b, useA, useB } = pair;
  const [a00, a01, a10, a11] = realEntries(a);
  const [b00, b01, b10, b11] = realEntries(b);
  const ba = 1 << qa;
  const bb = 1 << qb;
  const lowPos = Math.min(qa, qb);
  const highPos = Math.max(qa, qb);
  const quarter = 1 << (n - 2);
  for (let k = 0; k < quarter; k++) {
    const i = quadBase(k, lowPos, highPos);
    const p0 = i << 1;
    const p1 = (i | bb) << 1;
    const p2 = (i | ba) << 1;
    const p3 = (i | ba | bb) << 1;
    let x0r = s[p0]!,
      x0i = s[p0 + 1]!,
      x1r = s[p1]!,
      x1i = s[p1 + 1]!;
    let x2r = s[p2]!,
      x2i = s[p2 + 1]!,
      x3r = s[p3]!,
      x3i = s[p3 + 1]!;
    if (useB) {
      const y0r = b00 * x0r + b01 * x1r,
        y0i = b00 * x0i + b01 * x1i;
      const y1r = b10 * x0r + b11 * x1r,
        y1i = b10 * x0i + b11 * x1i;
      const y2r = b00 * x2r + b01 * x3r,
        y2i = b00 * x2i + b01 * x3i;
      const y3r = b10 * x2r + b11 * x3r,
        y3i = b10 * x2i + b11 * x3i;
      x0r = y0r;
      x0i = y0i;
      x1r = y1r;
      x1i = y1i;
      x2r = y2r;
      x2i = y2i;
      x3r = y3r;
      x3i = y3i;
    }
    if (useA) {
      const y0r = a00 * x0r + a01 * x2r,
        y0i = a00 * x0i + a01 * x2i;
      const y2r = a10 * x0r + a11 * x2r,
        y2i = a10 * x0i + a11 * x2i;
      const y1r = a00 * x1r + a01 * x3r,
        y1i = a00 * x1i + a01 * x3i;
      const y3r = a10 * x1r + a11 * x3r,
        y3i = a10 * x1i + a11 * x3i;
      x0r = y0r;
      x0i = y0i;
      x1r = y1r;
      x1i = y1i;
      x2r = y2r;
      x2i = y2i;
      x3r = y3r;
      x3i = y3i;
    }
    // The CNOT swaps |10⟩ and |11⟩ of (qa, qb).
    s[p0] = x0r;
    s[p0 + 1] = x0i;
    s[p1] = x1r;
    s[p1 + 1] = x1i;
    s[p2] = x3r;
    s[p2 + 1] = x3i;
    s[p3] = x2r;
    s[p3 + 1] = x2i;
  }
}
