/**
 * Matrices of the base (uncontrolled) gates, written from their definitions. A matrix of `k`
 * qubits is a `Float64Array` of `2 · 4^k` numbers: row-major complex entries as `[re, im]` pairs.
 * For two-qubit gates the first listed qubit is the most significant bit of the row index.
 */
export const BASE_GATES = [
  'id',
  'h',
  'x',
  'y',
  'z',
  's',
  'sdg',
  't',
  'tdg',
  'sx',
  'sxdg',
  'rx',
  'ry',
  'rz',
  'p',
  'u',
  'swap',
  'iswap',
  'rxx',
  'ryy',
  'rzz',
] as const;

/** A gate without controls; controlled gates apply one of these on their targets. */
export type BaseGate = (typeof BASE_GATES)[number];

/** How many qubits each base gate acts on. */
export function baseQubits(base: BaseGate): 1 | 2 {
  return base === 'swap' || base === 'iswap' || base === 'rxx' || base === 'ryy' || base === 'rzz'
    ? 2
    : 1;
}

/** How many real parameters each base gate takes. */
export function baseParams(base: BaseGate): number {
  if (base === 'u') return 3;
  return base === 'p' || base.startsWith('r') ? 1 : 0;
}

const R = Math.SQRT1_2;
// Scratch parameters of `baseDerivative`, so that gradients allocate nothing.
const shifted = new Float64Array(3);

function set2(out: Float64Array, values: readonly number[]): Float64Array {
  out.fill(0);
  for (let i = 0; i < values.length; i++) out[i] = values[i]!;
  return out;
}

function diag(out: Float64Array, entries: readonly number[]): Float64Array {
  out.fill(0);
  const d = entries.length / 2;
  for (let k = 0; k < d; k++) {
    out[2 * (k * d + k)] = entries[2 * k]!;
    out[2 * (k * d + k) + 1] = entries[2 * k + 1]!;
  }
  return out;
}

/** Writes the matrix of `base` with parameters `params` into `out` (length 8 or 32) and returns it. */
export function baseMatrix(
  base: BaseGate,
  params: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const t = params[0] ?? 0;
  const c = Math.cos(t / 2);
  const s = Math.sin(t / 2);
  switch (base) {
    case 'id':
      return diag(out, [1, 0, 1, 0]);
    case 'h':
      return set2(out, [R, 0, R, 0, R, 0, -R, 0]);
    case 'x':
      return set2(out, [0, 0, 1, 0, 1, 0, 0, 0]);
    case 'y':
      return set2(out, [0, 0, 0, -1, 0, 1, 0, 0]);
    case 'z':
      return diag(out, [1, 0, -1, 0]);
    case 's':
      return diag(out, [1, 0, 0, 1]);
    case 'sdg':
      return diag(out, [1, 0, 0, -1]);
    case 't':
      return diag(out, [1, 0, R, R]);
    case 'tdg':
      return diag(out, [1, 0, R, -R]);
    case 'sx':
      return set2(out, [0.5, 0.5, 0.5, -0.5, 0.5, -0.5, 0.5, 0.5]);
    case 'sxdg':
      return set2(out, [0.5, -0.5, 0.5, 0.5, 0.5, 0.5, 0.5, -0.5]);
    // The rotations are rebound for every row of a batch: written in place, no arrays.
    case 'rx':
      out.fill(0);
      out[0] = c;
      out[3] = -s;
      out[5] = -s;
      out[6] = c;
      return out;
    case 'ry':
      out[0] = c;
      out[1] = 0;
      out[2] = -s;
      out[3] = 0;
      out[4] = s;
      out[5] = 0;
      out[6] = c;
      out[7] = 0;
      return out;
    case 'rz':
      out.fill(0);
      out[0] = c;
      out[1] = -s;
      out[6] = c;
      out[7] = s;
      return out;
    case 'p':
      return diag(out, [1, 0, Math.cos(t), Math.sin(t)]);
    case 'u': {
      const phi = params[1]!;
      const lambda = params[2]!;
      return set2(out, [
        c,
        0,
        -Math.cos(lambda) * s,
        -Math.sin(lambda) * s,
        Math.cos(phi) * s,
        Math.sin(phi) * s,
        Math.cos(phi + lambda) * c,
        Math.sin(phi + lambda) * c,
      ]);
    }
    case 'swap':
      return diag4Permutation(out, [0, 2, 1, 3], [1, 0, 1, 0, 1, 0, 1, 0]);
    case 'iswap':
      return diag4Permutation(out, [0, 2, 1, 3], [1, 0, 0, 1, 0, 1, 1, 0]);
    case 'rxx':
      return pauliRotation(out, c, s, [0, 0, 0, 0]);
    case 'ryy':
      // Y⊗Y = [[0,0,0,-1],[0,0,1,0],[0,1,0,0],[-1,0,0,0]].
      return pauliRotation(out, c, s, [-1, 1, 1, -1]);
    case 'rzz':
      return diag(out, [c, -s, c, s, c, s, c, -s]);
  }
}

/** A 4×4 matrix with one entry per row: `row r` has `value[r]` in column `columns[r]`. */
function diag4Permutation(
  out: Float64Array,
  columns: readonly number[],
  values: readonly number[],
): Float64Array {
  out.fill(0);
  for (let r = 0; r < 4; r++) {
    out[2 * (4 * r + columns[r]!)] = values[2 * r]!;
    out[2 * (4 * r + columns[r]!) + 1] = values[2 * r + 1]!;
  }
  return out;
}

/** cos(θ/2)·I − i·sin(θ/2)·P for P = X⊗X (signs all +1 up to `antiSigns`) or Y⊗Y. */
function pauliRotation(
  out: Float64Array,
  c: number,
  s: number,
  antiSigns: readonly number[],
): Float64Array {
  out.fill(0);
  for (let r = 0; r < 4; r++) {
    out[2 * (4 * r + r)] = c;
    // P has entry `sign` at column 3 − r: −i·s·sign.
    const sign = antiSigns[r] === 0 ? 1 : antiSigns[r]!;
    out[2 * (4 * r + (3 - r)) + 1] = -s * sign;
  }
  return out;
}

/**
 * Writes ∂U/∂params[k] of `base` into `out`. Rotations `exp(−iθP/2)` with `P² = I` satisfy
 * `∂U/∂θ = U(θ + π)/2`; the phase-like entries of `p` and `u` are differentiated directly.
 */
export function baseDerivative(
  base: BaseGate,
  params: ArrayLike<number>,
  k: number,
  out: Float64Array,
): Float64Array {
  if (base === 'p') {
    const t = params[0]!;
    return diag(out, [0, 0, -Math.sin(t), Math.cos(t)]);
  }
  if (base === 'u' && k > 0) {
    const s = Math.sin(params[0]! / 2);
    const c = Math.cos(params[0]! / 2);
    const phi = params[1]!;
    const lambda = params[2]!;
    const both = phi + lambda;
    // i·e^{ia} = (−sin a, cos a).
    return k === 1
      ? set2(out, [
          0,
          0,
          0,
          0,
          -Math.sin(phi) * s,
          Math.cos(phi) * s,
          -Math.sin(both) * c,
          Math.cos(both) * c,
        ])
      : set2(out, [
          0,
          0,
          Math.sin(lambda) * s,
          -Math.cos(lambda) * s,
          0,
          0,
          -Math.sin(both) * c,
          Math.cos(both) * c,
        ]);
  }
  shifted[0] = params[0]! + Math.PI;
  shifted[1] = params[1] ?? 0;
  shifted[2] = params[2] ?? 0;
  baseMatrix(base, shifted, out);
  for (let i = 0; i < out.length; i++) out[i] = out[i]! / 2;
  return out;
}
