import type { CompiledExpression } from './compileExpression.js';
import type { Step } from './fusionPlan.js';
import type { ProgramOp } from './program.js';

/** A parameter of a step, with what its bracket needs. */
export interface Slot {
  readonly op: ProgramOp;
  readonly k: number;
  readonly expr: CompiledExpression;
  /** D·U† of the step for this parameter (D: the step's derivative), bracketed with W. */
  readonly g: Float64Array;
}

/** A step of the adjoint plan with its parameters and the matrices of its backward step. */
export interface AdjointStep {
  readonly step: Step;
  readonly slots: readonly Slot[];
  /** U† of the step. */
  readonly u: Float64Array;
  /** W = Σ conj(λ_r)·ψ_c of the last sweep. */
  readonly w: Float64Array;
  readonly shape1: { n: number; t: number; cmask: number; undoPsi: boolean };
  readonly shape2: { n: number; qa: number; qb: number; cmask: number; undoPsi: boolean };
  /** Part of the product-state start (built directly, differentiated by contraction). */
  readonly product: boolean;
  /**
   * Whether the matrices depend on the row's inputs: refreshed for every row. Those of the other
   * steps (U† and every D·U†) only change when the weights are bound again.
   */
  readonly perRow: boolean;
}

/** Whether a step outside moments needs ψ after it: it has parameters and a bracket kernel. */
export const bracketed = (s: AdjointStep): boolean =>
  !s.product && s.slots.length > 0 && s.step.dim <= 4;

/** envGradient[s] += grad·∂expr/∂env[s] for every symbol s of a parameter's expression. */
export function addGradient(
  expr: CompiledExpression,
  grad: number,
  env: Float64Array,
  envGradient: Float64Array,
): void {
  for (let s = 0; s < expr.symbols.length; s++) {
    const index = expr.symbols[s]!;
    envGradient[index] = envGradient[index]! + grad * expr.derivatives[s]!(env);
  }
}

/** The {@link AdjointStep} of `step` on `n` qubits (`product`: part of the product start). */
export function adjointStep(step: Step, n: number, product: boolean): AdjointStep {
  const ops = [...step.runs.flat(), ...(step.core === undefined ? [] : [step.core])];
  const size = 2 * step.dim * step.dim;
  const slots = ops.flatMap((op) =>
    op.exprs.flatMap((expr, k) =>
      expr.symbols.length === 0 ? [] : [{ op, k, expr, g: new Float64Array(size) }],
    ),
  );
  const t = step.targets;
  return {
    step,
    slots,
    u: new Float64Array(size),
    w: new Float64Array(size),
    shape1: { n, t: t[0]!, cmask: step.controlMask, undoPsi: true },
    shape2: { n, qa: t[0]!, qb: t[1] ?? 0, cmask: step.controlMask, undoPsi: true },
    product,
    perRow: step.dependsOnInputs,
  };
}
