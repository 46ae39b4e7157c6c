import { type BaseGate, baseDerivative } from '../gateMatrices.js';
import { adjointStep1, adjointStep1Real, adjointStep2 } from './adjointKernels.js';
import { applyMatrixOp } from './applyMatrixOp.js';
import type { CompiledExpression } from './compileExpression.js';
import { dagger, MatrixKind, multiply } from './complexMatrix.js';
import { composeStep, fusionScratch, planSteps, refreshStep, type Step } from './fusionPlan.js';
import type { Program, ProgramOp } from './program.js';
import { stateArena } from './stateArena.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/** Buffers of one adjoint sweep, allocated once per compiled circuit. */
export interface AdjointBuffers {
  readonly psi: Float64Array;
  readonly lambda: Float64Array;
}

interface Slot {
  readonly op: ProgramOp;
  readonly k: number;
  readonly expr: CompiledExpression;
}

interface AdjointStep {
  readonly step: Step;
  readonly slots: readonly Slot[];
  /** U† of the step. */
  readonly u: Float64Array;
  /** W = Σ conj(λ_r)·ψ_c of the last sweep. */
  readonly w: Float64Array;
  readonly shape1: { n: number; t: number; cmask: number; undoPsi: boolean };
  readonly shape2: { n: number; qa: number; qb: number; cmask: number; undoPsi: boolean };
}

/** Whether the forward pass keeps ψ after this step: it has parameters and a bracket kernel. */
const kept = (s: AdjointStep): boolean => s.slots.length > 0 && s.step.dim <= 4;

/**
 * Adjoint differentiation (Jones & Gacon, 2020) over the fused forward plan: one backward sweep
 * in which every step reads and writes ψ and λ once, computing the derivative brackets of all its
 * parameters on the way (with D_k·U† so that ψ after the step can be used directly).
 *
 * When the states fit the memory budget, {@link forward} keeps ψ after every step with
 * parameters (an arena reused across calls and rows) and the backward sweep reads them: it then
 * applies U† to λ only, instead of also undoing every step on ψ.
 */
export class AdjointPlan {
  readonly #program: Program;
  readonly #steps: AdjointStep[];
  readonly #first: number;
  readonly #fusion = fusionScratch();
  readonly #derivative1 = new Float64Array(8);
  readonly #derivative2 = new Float64Array(32);
  readonly #composed = new Float64Array(32);
  readonly #kernelScratch = new Float64Array(16);
  readonly #g = new Float64Array(32);
  /** Bytes the states kept by {@link forward} take (2^n complex amplitudes per step with slots). */
  readonly storedBytes: number;
  readonly #budget: number;
  /** Per step, ψ after it as the forward pass kept it (a view of the arena), when it has slots. */
  #views: (Float64Array | undefined)[] = [];
  /** Whether the last {@link forward} kept the states (else the sweep undoes ψ). */
  stored = false;
  /** Where the kept states go when it has room (with ψ and λ, for its SIMD kernels). */
  readonly #memory: WasmStateMemory | undefined;

  /** `budget`: bytes the kept states may take; above it ψ is undone step by step. */
  constructor(program: Program, budget: number, memory?: WasmStateMemory) {
    this.#program = program;
    this.#budget = budget;
    this.#memory = memory;
    const n = program.numQubits;
    // Its own plan without pair fusion: the backward sweep is cheapest over single-qubit runs
    // (dense 4×4 steps would cost it far more than they save the forward pass).
    const steps = planSteps(program.ops, n, false);
    for (const step of steps) refreshStep(step, this.#fusion);
    this.#steps = steps.map((step) => {
      const ops = [...step.runs.flat(), ...(step.core === undefined ? [] : [step.core])];
      const slots = ops.flatMap((op) =>
        op.exprs.flatMap((expr, k) => (expr.symbols.length === 0 ? [] : [{ op, k, expr }])),
      );
      const size = 2 * step.dim * step.dim;
      const t = step.targets;
      return {
        step,
        slots,
        u: new Float64Array(size),
        w: new Float64Array(size),
        shape1: { n, t: t[0]!, cmask: step.controlMask, undoPsi: true },
        shape2: { n, qa: t[0]!, qb: t[1] ?? 0, cmask: step.controlMask, undoPsi: true },
      };
    });
    this.#first = this.#steps.findIndex((s) => s.slots.length > 0);
    this.storedBytes = this.#steps.filter(kept).length * 16 * 2 ** n;
  }

  /**
   * Runs the forward pass from |0…0⟩ on `psi` (interleaved complex), keeping ψ after every step
   * with parameters when the states fit the budget (else the program's own forward run).
   */
  forward(psi: Float64Array): void {
    const program = this.#program;
    for (const { step } of this.#steps) if (step.parametric) refreshStep(step, this.#fusion);
    this.stored = this.storedBytes <= this.#budget;
    if (!this.stored) {
      program.runFromZero(psi);
      return;
    }
    const n = program.numQubits;
    if (this.#views.length === 0) this.#views = stateArena(this.#steps, kept, 2 << n, this.#memory);
    program.reset(psi);
    for (let i = 0; i < this.#steps.length; i++) {
      applyMatrixOp(psi, n, this.#steps[i]!.step, program.scratch);
      this.#views[i]?.set(psi);
    }
    program.lastRunPasses = this.#steps.length;
    program.lastRunReal = false;
  }

  /**
   * On entry `psi` holds the final state and `lambda` holds H_eff·ψ; both are consumed. Adds
   * dL/d(env[s]) into `envGradient` for L = ⟨ψ|H_eff|ψ⟩ with `env` the bound environment.
   */
  run(env: Float64Array, buffers: AdjointBuffers, envGradient: Float64Array): void {
    if (this.#first < 0) return;
    const { psi, lambda } = buffers;
    const program = this.#program;
    const stored = this.stored;
    const wasm = this.#memory?.holds(lambda) ? this.#memory : undefined;
    for (let i = this.#steps.length - 1; i >= this.#first; i--) {
      const adjoint = this.#steps[i]!;
      const { step, slots, u, w } = adjoint;
      const size = 2 * step.dim * step.dim;
      dagger(u, step.matrix, step.dim);
      if (step.dim > 4 || slots.length === 0) {
        // No parameter in this step: undo it with its specialised kernel (a swap for CNOT).
        if (!stored) applyMatrixOp(psi, program.numQubits, step, program.scratch, u);
        applyMatrixOp(lambda, program.numQubits, step, program.scratch, u);
        continue;
      }
      // ψ after the step: the kept copy, or the state being undone.
      const s = stored ? this.#views[i]! : psi;
      adjoint.shape1.undoPsi = !stored;
      adjoint.shape2.undoPsi = !stored;
      if (step.dim === 2 && step.kind === MatrixKind.real) {
        adjointStep1Real(s, lambda, adjoint.shape1, u, w);
      } else if (step.dim === 2) {
        if (wasm?.holds(s)) wasm.adjoint1(s, lambda, adjoint.shape1, u, w);
        else adjointStep1(s, lambda, adjoint.shape1, u, w);
      } else adjointStep2(s, lambda, adjoint.shape2, u, w, this.#kernelScratch);
      for (const { op, k, expr } of slots) {
        // ∂L/∂θ = 2 Re⟨λ| D·U† |ψ⟩ = 2 Re Σ (D·U†)[r][c] · W[r][c].
        const derivative = op.dim === 2 ? this.#derivative1 : this.#derivative2;
        baseDerivative(op.base as BaseGate, op.values, k, derivative);
        composeStep(step, this.#composed, this.#fusion, { op, matrix: derivative });
        multiply(this.#g, this.#composed, u, step.dim);
        let bracket = 0;
        for (let e = 0; e < size; e += 2)
          bracket += this.#g[e]! * w[e]! - this.#g[e + 1]! * w[e + 1]!;
        const grad = 2 * bracket;
        for (let s = 0; s < expr.symbols.length; s++) {
          const index = expr.symbols[s]!;
          envGradient[index] = envGradient[index]! + grad * expr.derivatives[s]!(env);
        }
      }
    }
  }
}
