import type { CxPair } from './fusionPlan.js';
import { realEntries } from './realStateKernels.js';
import { putEntries, realKernelsFor } from './realWasmKernels.js';

/**
 * 1 << q of three distinct qubits, in ascending order (no array sort: a chain kernel on a small
 * state runs in about 2 µs, and sorting with a comparator took 0.2 µs of it).
 */
export function sortedBits(qa: number, qb: number, qc: number): [number, number, number] {
  const low = Math.min(qa, qb, qc);
  const high = Math.max(qa, qb, qc);
  return [1 << low, 1 << (qa + qb + qc - low - high), 1 << high];
}

/**
 * Two chained real CNOT·(A⊗B) links in one sweep: first CNOT(`qa` → `qb`)·(A ⊗ B), then
 * CNOT(`qb` → `qc`)·(I ⊗ C), with A, B = `first.a`, `first.b` and C = `second.b` (the second
 * link's control factor must be the identity). Eight amplitudes (bits qa, qb, qc) are loaded,
 * both links applied in registers and stored: half the passes over memory of two link sweeps.
 * The result goes to `out` (default: in place; another array of 2^n reals leaves `r` unchanged).
 * On views of a WebAssembly state memory it runs as SIMD (realKernels.wat's `cxChain`, or
 * `cxChainAt` with qubit 0 among the three and n ≥ 4: the same arithmetic).
 */
export function applyRealStateCxChain(
  r: Float64Array,
  n: number,
  qubits: readonly [number, number, number],
  first: CxPair,
  second: CxPair,
  out: Float64Array = r,
): void {
  const [qa, qb, qc] = qubits;
  const a = first.a;
  const b = first.b;
  const c = second.b;
  const [a00, a01, a10, a11] = realEntries(a);
  const [b00, b01, b10, b11] = realEntries(b);
  const [c00, c01, c10, c11] = realEntries(c);
  const contiguous = qa > 0 && qb > 0 && qc > 0;
  const wasm = contiguous || n > 3 ? realKernelsFor(r, out) : undefined;
  if (wasm !== undefined) {
    const [ro, oo] = [r.byteOffset, out.byteOffset];
    putEntries(wasm, a, b, c);
    (contiguous ? wasm.cxChain : wasm.cxChainAt)(ro, oo, n, qa, qb, qc);
    return;
  }
  const ba = 1 << qa;
  const bb = 1 << qb;
  const bc = 1 << qc;
  const [s0, s1, s2] = sortedBits(qa, qb, qc);
  const dim = 1 << n;
  for (let w = 0; w < dim; w += s2 << 1) {
    for (let x = w; x < w + s2; x += s1 << 1) {
      for (let y = x; y < x + s1; y += s0 << 1) {
        for (let i = y; i < y + s0; i++) {
          // Index jabc: bits a (qa), b (qb), c (qc).
          const j001 = i | bc;
          const j010 = i | bb;
          const j011 = j010 | bc;
          const j100 = i | ba;
          const j101 = j100 | bc;
          const j110 = j100 | bb;
          const j111 = j110 | bc;
          // First link on (qa, qb), for c = 0 and c = 1.
          let u0 = r[i]!,
            u1 = r[j010]!,
            u2 = r[j100]!,
            u3 = r[j110]!;
          let y0 = b00 * u0 + b01 * u1;
          let y1 = b10 * u0 + b11 * u1;
          let y2 = b00 * u2 + b01 * u3;
          let y3 = b10 * u2 + b11 * u3;
          const v000 = a00 * y0 + a01 * y2;
          const v010 = a00 * y1 + a01 * y3;
          const v110 = a10 * y0 + a11 * y2;
          const v100 = a10 * y1 + a11 * y3;
          u0 = r[j001]!;
          u1 = r[j011]!;
          u2 = r[j101]!;
          u3 = r[j111]!;
          y0 = b00 * u0 + b01 * u1;
          y1 = b10 * u0 + b11 * u1;
          y2 = b00 * u2 + b01 * u3;
          y3 = b10 * u2 + b11 * u3;
          const v001 = a00 * y0 + a01 * y2;
          const v011 = a00 * y1 + a01 * y3;
          const v111 = a10 * y0 + a11 * y2;
          const v101 = a10 * y1 + a11 * y3;
          // Second link on (qb, qc): C on qc, then the CNOT swaps c where b = 1.
          out[i] = c00 * v000 + c01 * v001;
          out[j001] = c10 * v000 + c11 * v001;
          out[j011] = c00 * v010 + c01 * v011;
          out[j010] = c10 * v010 + c11 * v011;
          out[j100] = c00 * v100 + c01 * v101;
          out[j101] = c10 * v100 + c11 * v101;
          out[j111] = c00 * v110 + c01 * v111;
          out[j110] = c10 * v110 + c11 * v111;
        }
      }
    }
  }
}
