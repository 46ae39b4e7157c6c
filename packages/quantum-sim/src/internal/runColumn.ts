import type { ProgramOp } from './program.js';

/**
 * out[o … o+4) ← m·v[i … i+4) for a complex 2×2 `m` (row-major, interleaved) and a column v
 * (re/im of both entries): column 0 of `multiply(·, m, V, 2)` when V's column 0 is v, in its
 * arithmetic, so that the bits agree. `out` may alias `v`.
 */
function timesColumn(m: Float64Array, v: Float64Array, i: number, out: Float64Array, o: number) {
  const v0r = v[i]!,
    v0i = v[i + 1]!,
    v1r = v[i + 2]!,
    v1i = v[i + 3]!;
  for (let r = 0; r < 2; r++) {
    let re = 0;
    let im = 0;
    re += m[4 * r]! * v0r - m[4 * r + 1]! * v0i;
    im += m[4 * r]! * v0i + m[4 * r + 1]! * v0r;
    re += m[4 * r + 2]! * v1r - m[4 * r + 3]! * v1i;
    im += m[4 * r + 2]! * v1i + m[4 * r + 3]! * v1r;
    out[o + 2 * r] = re;
    out[o + 2 * r + 1] = im;
  }
}

/**
 * (∂U/∂θ)|0⟩ for the product U of a run of single-qubit gates (first gate applied first) and a
 * parameter θ of one of them: column 0 of `runProduct`'s matrix with that gate's matrix replaced
 * by its derivative, to the bit, from 2-vectors instead of 2×2 products. {@link prepare} a run
 * once for all its gates' derivatives.
 */
export class RunColumn {
  /** Column 0 of the product of the run's first j gates at 4j (j = 0: the identity's). */
  #prefixes = new Float64Array(16);

  /** Computes the prefixes of `run` from its gates' current matrices. */
  prepare(run: readonly ProgramOp[]): void {
    if (this.#prefixes.length < 4 * run.length) this.#prefixes = new Float64Array(4 * run.length);
    const p = this.#prefixes;
    p.fill(0, 0, 4);
    p[0] = 1;
    for (let j = 1; j < run.length; j++) timesColumn(run[j - 1]!.matrix, p, 4 * (j - 1), p, 4 * j);
  }

  /**
   * Writes into `out` (4 numbers) column 0 of the {@link prepare}d run's product with gate
   * `position`'s matrix replaced by `derivative`.
   */
  derivative(
    run: readonly ProgramOp[],
    position: number,
    derivative: Float64Array,
    out: Float64Array,
  ): void {
    if (run.length === 1) {
      // `runProduct` copies a lone gate's matrix.
      out[0] = derivative[0]!;
      out[1] = derivative[1]!;
      out[2] = derivative[4]!;
      out[3] = derivative[5]!;
      return;
    }
    timesColumn(derivative, this.#prefixes, 4 * position, out, 0);
    for (let j = position + 1; j < run.length; j++) timesColumn(run[j]!.matrix, out, 0, out, 0);
  }
}
