// State-vector kernels. A state of n qubits is a Float64Array of 2^(n+1) numbers: amplitude i is
// (s[2i], s[2i+1]) and qubit q is bit q of i. Every kernel works in place and allocates nothing;
// `cmask` selects the indices whose control bits are all 1 (0 for an uncontrolled gate).

/**
 * A general 2^k × 2^k matrix on `targets` (first = most significant). `scratch` holds at least
 * 2^(k+1) numbers; `offsets` holds 2^k state offsets.
 */
export function applyK(
  s: Float64Array,
  n: number,
  targets: readonly number[],
  cmask: number,
  m: Float64Array,
  scratch: Float64Array,
  offsets: Int32Array,
): void {
  const k = targets.length;
  const d = 1 << k;
  let tmask = 0;
  for (const t of targets) tmask |= 1 << t;
  for (let r = 0; r < d; r++) {
    let off = 0;
    for (let j = 0; j < k; j++) if ((r >> (k - 1 - j)) & 1) off |= 1 << targets[j]!;
    offsets[r] = off;
  }
  const dim = 1 << n;
  for (let i = 0; i < dim; i++) {
    if ((i & tmask) !== 0 || (i & cmask) !== cmask) continue;
    for (let c = 0; c < d; c++) {
      const p = (i | offsets[c]!) << 1;
      scratch[2 * c] = s[p]!;
      scratch[2 * c + 1] = s[p + 1]!;
    }
    for (let r = 0; r < d; r++) {
      let re = 0;
      let im = 0;
      const row = 2 * r * d;
      for (let c = 0; c < d; c++) {
        const mr = m[row + 2 * c]!,
          mi = m[row + 2 * c + 1]!;
        const xr = scratch[2 * c]!,
          xi = scratch[2 * c + 1]!;
        re += mr * xr - mi * xi;
        im += mr * xi + mi * xr;
      }
      const p = (i | offsets[r]!) << 1;
      s[p] = re;
      s[p + 1] = im;
    }
  }
}
