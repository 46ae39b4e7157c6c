import { type BaseGate, baseDerivative } from '../gateMatrices.js';
import { bracket1, bracket2 } from './bracketKernels.js';
import type { Program } from './program.js';

/** Buffers of one adjoint pass, allocated once per compiled circuit. */
export interface AdjointBuffers {
  readonly psi: Float64Array;
  readonly lambda: Float64Array;
  readonly derivative: Float64Array;
}

/**
 * Adjoint differentiation (Jones & Gacon, 2020). On entry `psi` holds the final state and
 * `lambda` holds H_eff·ψ for the upstream-weighted observable H_eff; both are consumed. Adds
 * dL/d(env[s]) into `envGradient` for L = ⟨ψ|H_eff|ψ⟩, with `env` the bound environment.
 */
export function adjointPass(
  program: Program,
  env: Float64Array,
  buffers: AdjointBuffers,
  envGradient: Float64Array,
): void {
  const { psi, lambda, derivative } = buffers;
  const n = program.numQubits;
  const ops = program.ops;
  let first = 0;
  while (first < ops.length && ops[first]!.exprs.length === 0) first++;
  for (let i = ops.length - 1; i >= first; i--) {
    const op = ops[i]!;
    program.applyOpInverse(psi, i);
    for (let k = 0; k < op.exprs.length; k++) {
      const expr = op.exprs[k]!;
      if (expr.symbols.length === 0) continue;
      baseDerivative(op.base as BaseGate, op.values, k, derivative);
      const t = op.targets;
      const g =
        2 *
        (op.dim === 2
          ? bracket1(lambda, psi, n, t[0]!, op.controlMask, derivative)
          : bracket2(lambda, psi, n, t[0]!, t[1]!, op.controlMask, derivative));
      for (let j = 0; j < expr.symbols.length; j++) {
        const s = expr.symbols[j]!;
        envGradient[s] = envGradient[s]! + g * expr.derivatives[j]!(env);
      }
    }
    if (i > first) program.applyOpInverse(lambda, i);
  }
}
