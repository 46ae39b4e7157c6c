import { type BaseGate, baseDerivative } from '../gateMatrices.js';
import { adjointStep1, adjointStep1Real, adjointStep2 } from './adjointKernels.js';
import {
  groupMoments,
  isMoment,
  type Moment,
  MomentSums,
  type SweepUnit,
} from './adjointMoments.js';
import { type AdjointStep, addGradient, adjointStep, bracketed, type Slot } from './adjointStep.js';
import { applyMatrixOp } from './applyMatrixOp.js';
import { dagger, MatrixKind, multiply } from './complexMatrix.js';
import { type Scheduled, scheduleSteps } from './cxSchedule.js';
import { composeStep, fusionScratch, planSteps, refreshStep } from './fusionPlan.js';
import { gatherPermutation } from './permutationKernel.js';
import { ProductStart } from './productState.js';
import type { Program } from './program.js';
import { RunColumn } from './runColumn.js';
import { stateArena, viewsOver } from './stateArena.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/** Per step of an {@link AdjointPlan}, the state kept after it (undefined where none is). */
export type KeptViews = readonly (Float64Array | undefined)[];

/** Buffers of one adjoint sweep, allocated once per compiled circuit. */
export interface AdjointBuffers {
  readonly psi: Float64Array;
  readonly lambda: Float64Array;
}

/**
 * Adjoint differentiation (Jones & Gacon, 2020) over the fused forward plan: one backward sweep
 * in which every step reads and writes ψ and λ once, computing the derivative brackets of all its
 * parameters on the way (with D_k·U† so that ψ after the step can be used directly).
 *
 * Single-qubit steps on distinct qubits in a row form moments (see {@link Moment}): all their
 * brackets come from the pair (ψ, λ) at the moment's end, the diagonals of every member's W from
 * one folding pass. When the states fit the memory budget, {@link forward} keeps ψ at the end of
 * every moment and after every other step with parameters (an arena reused across calls and
 * rows) and the backward sweep reads them: it then applies U† to λ only, instead of also undoing
 * every step on ψ.
 */
export class AdjointPlan {
  readonly #program: Program;
  readonly #steps: AdjointStep[];
  /** The steps in the order they are applied (without the product's), CNOT runs as blocks. */
  readonly #schedule: readonly Scheduled[];
  /**
   * The backward sweep, in forward order: the schedule from the first step with parameters (from
   * the start when the product has parameters), its moments grouped; empty without parameters.
   */
  readonly #units: readonly SweepUnit[];
  /** The bracket sums of the moments. */
  readonly #sums: MomentSums;
  /** Whether some parameter is in the product start's steps. */
  readonly #productSlots: boolean;
  /** The leading single-qubit steps on distinct qubits (see {@link ProductStart}). */
  readonly #product: ProductStart;
  readonly #fusion = fusionScratch();
  readonly #derivative1 = new Float64Array(8);
  readonly #derivative2 = new Float64Array(32);
  readonly #composed = new Float64Array(32);
  readonly #kernelScratch = new Float64Array(16);
  /** (∂U/∂θ)|0⟩ of a product step's parameter, from {@link RunColumn}. */
  readonly #runColumn = new RunColumn();
  readonly #column = new Float64Array(4);
  /** The program's {@link Program.bindVersion} the weight-only matrices were computed for. */
  #version = -1;
  /**
   * Bytes the states kept by {@link forward} for one row take: 2^n complex amplitudes per kept
   * state, one at the end of each moment and one after every other step with parameters.
   */
  readonly storedBytes: number;
  /** Bytes the kept states may take; above it ψ is undone step by step. */
  readonly budget: number;
  /** Per step, whether the forward pass keeps ψ after it (see {@link storedBytes}). */
  readonly #keep: boolean[];
  /** Per step, ψ after it as the last forward pass kept it, when kept. */
  #views: KeptViews = [];
  /** The plan's own arena's views (see {@link forward}). */
  #own: KeptViews | undefined;
  /** Whether the last {@link forward} kept the states (else the sweep undoes ψ). */
  stored = false;
  /** Where the kept states go when it has room (with ψ and λ, for its SIMD kernels). */
  readonly #memory: WasmStateMemory | undefined;

  /** `budget`: bytes the kept states may take; above it ψ is undone step by step. */
  constructor(program: Program, budget: number, memory?: WasmStateMemory) {
    this.#program = program;
    this.budget = budget;
    this.#memory = memory;
    const n = program.numQubits;
    // Its own plan without pair fusion: the backward sweep is cheapest over single-qubit runs
    // (dense 4×4 steps would cost it far more than they save the forward pass).
    const steps = planSteps(program.ops, n, false);
    for (const step of steps) refreshStep(step, this.#fusion);
    // The same product as the program's own forward run: `vjp` and `expectations` agree exactly.
    this.#product = new ProductStart(steps, n, program.productHeads);
    this.#steps = steps.map((step, i) => adjointStep(step, n, this.#product.members[i]!));
    // With parameters in the product, λ goes back through every other step (also those before
    // the product's runs in the plan: they were applied after them).
    this.#productSlots = this.#steps.some((s) => s.product && s.slots.length > 0);
    this.#schedule = scheduleSteps(steps, n, this.#product.members);
    const first = this.#productSlots
      ? 0
      : this.#schedule.findIndex((i) => typeof i === 'number' && this.#steps[i]!.slots.length > 0);
    this.#units = first < 0 ? [] : groupMoments(this.#schedule.slice(first), this.#steps);
    this.#keep = this.#steps.map(() => false);
    for (const unit of this.#units) {
      if (isMoment(unit)) this.#keep[unit.members[unit.members.length - 1]!] = true;
      else if (typeof unit === 'number' && bracketed(this.#steps[unit]!)) this.#keep[unit] = true;
    }
    this.#sums = new MomentSums(n, memory);
    this.storedBytes = this.#keep.filter((k) => k).length * 16 * 2 ** n;
  }

  /**
   * Runs the forward pass from |0…0⟩ on `psi` (interleaved complex), keeping ψ at the end of
   * every moment and after every other step with parameters when the states fit the budget
   * (else the program's own forward run): into `views` (from {@link viewsIn}) when given, else
   * into the plan's own arena.
   */
  forward(psi: Float64Array, views?: KeptViews): void {
    const program = this.#program;
    this.#refresh();
    this.stored = this.storedBytes <= this.budget;
    if (!this.stored) {
      program.runFromZero(psi);
      return;
    }
    const n = program.numQubits;
    this.#views = views ?? this.#ownViews();
    const product = this.#product.count;
    if (product > 0) this.#product.write(psi);
    else program.reset(psi);
    for (const i of this.#schedule) {
      if (typeof i !== 'number') {
        gatherPermutation(psi, n, i.forward, program.permutationScratch());
        continue;
      }
      applyMatrixOp(psi, n, this.#steps[i]!.step, program.scratch);
      this.#views[i]?.set(psi);
    }
    program.lastRunPasses = this.#steps.length - product + (product > 0 ? 1 : 0);
    program.lastRunReal = false;
  }

  /** Views for {@link forward} over `region` (`storedBytes / 8` numbers, e.g. one row's slot). */
  viewsIn(region: Float64Array): KeptViews {
    return viewsOver(this.#keep, (k) => k, 2 << this.#program.numQubits, region);
  }

  /**
   * Instead of {@link forward}: the states it kept into `views` for the same bound parameters,
   * so that {@link run} can follow.
   */
  useStates(views: KeptViews): void {
    this.#refresh();
    this.stored = true;
    this.#views = views;
  }

  /** The plan's own arena of kept states (allocated on first use). */
  #ownViews(): KeptViews {
    this.#own ??= stateArena(this.#keep, (k) => k, 2 << this.#program.numQubits, this.#memory);
    return this.#own;
  }

  /**
   * Brings the steps' matrices, U† and D·U† up to the bound parameters: those of the steps that
   * depend on inputs for every row, the others only after the weights were bound again.
   */
  #refresh(): void {
    const version = this.#program.bindVersion;
    const all = version !== this.#version;
    this.#version = version;
    for (const adjoint of this.#steps) {
      const { step, perRow } = adjoint;
      if (!all && !perRow) continue;
      // After a rebind every step (a constant gate may have been set directly).
      if (step.parametric || all) refreshStep(step, this.#fusion);
      dagger(adjoint.u, step.matrix, step.dim);
      if (!perRow && !adjoint.product)
        for (const slot of adjoint.slots) this.#derivative(adjoint, slot);
    }
  }

  /** Writes D·U† of `slot` into `slot.g` (D: the step's matrix with the gate differentiated). */
  #derivative({ step, u }: AdjointStep, { op, k, g }: Slot): void {
    const derivative = op.dim === 2 ? this.#derivative1 : this.#derivative2;
    baseDerivative(op.base as BaseGate, op.values, k, derivative);
    composeStep(step, this.#composed, this.#fusion, { op, matrix: derivative });
    multiply(g, this.#composed, u, step.dim);
  }

  /**
   * On entry `psi` holds the final state and `lambda` holds H_eff·ψ; both are consumed. Adds
   * dL/d(env[s]) into `envGradient` for L = ⟨ψ|H_eff|ψ⟩ with `env` the bound environment.
   */
  run(env: Float64Array, buffers: AdjointBuffers, envGradient: Float64Array): void {
    if (this.#units.length === 0 && !this.#productSlots) return;
    const { psi, lambda } = buffers;
    const program = this.#program;
    const stored = this.stored;
    const n = program.numQubits;
    for (let k = this.#units.length - 1; k >= 0; k--) {
      const i = this.#units[k]!;
      if (isMoment(i)) {
        this.#moment(i, env, buffers, envGradient);
        continue;
      }
      if (typeof i !== 'number') {
        const scratch = program.permutationScratch();
        if (!stored) gatherPermutation(psi, n, i.backward, scratch);
        gatherPermutation(lambda, n, i.backward, scratch);
        continue;
      }
      const wasm = this.#memory?.holds(lambda) ? this.#memory : undefined;
      const adjoint = this.#steps[i]!;
      const { step, slots, u, w } = adjoint;
      if (step.dim > 4 || slots.length === 0) {
        // No parameter in this step: undo it with its specialised kernel (a swap for CNOT).
        this.#undo(i, buffers);
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
      this.#brackets(adjoint, env, envGradient);
    }
    // The product's steps were moved to the start: differentiated from λ there.
    if (this.#productSlots) this.#productGradients(env, lambda, envGradient);
  }

  /**
   * A moment of the backward sweep: the W of every member with parameters from the pair at its
   * end (ψ kept there, or being undone), then U† of every member on λ (and ψ when undone).
   */
  #moment(
    { members, parametric, qubits }: Moment,
    env: Float64Array,
    buffers: AdjointBuffers,
    envGradient: Float64Array,
  ): void {
    const { psi, lambda } = buffers;
    const s = this.stored ? this.#views[members[members.length - 1]!]! : psi;
    this.#sums.take(s, lambda, qubits);
    for (const i of parametric) {
      const adjoint = this.#steps[i]!;
      this.#sums.w(adjoint.step.targets[0]!, adjoint.w);
      this.#brackets(adjoint, env, envGradient);
    }
    for (let m = members.length - 1; m >= 0; m--) this.#undo(members[m]!, buffers);
  }

  /** Applies U† of step `i` to λ, and to ψ when the states were not kept. */
  #undo(i: number, { psi, lambda }: AdjointBuffers): void {
    const { step, u } = this.#steps[i]!;
    const { numQubits, scratch } = this.#program;
    if (!this.stored) applyMatrixOp(psi, numQubits, step, scratch, u);
    applyMatrixOp(lambda, numQubits, step, scratch, u);
  }

  /** Adds the gradients of a step's parameters from its W (ψ after the step, λ there). */
  #brackets(adjoint: AdjointStep, env: Float64Array, envGradient: Float64Array): void {
    const { step, w } = adjoint;
    const size = 2 * step.dim * step.dim;
    for (const slot of adjoint.slots) {
      // ∂L/∂θ = 2 Re⟨λ| D·U† |ψ⟩ = 2 Re Σ (D·U†)[r][c] · W[r][c].
      if (adjoint.perRow) this.#derivative(adjoint, slot);
      const g = slot.g;
      let bracket = 0;
      for (let e = 0; e < size; e += 2) bracket += g[e]! * w[e]! - g[e + 1]! * w[e + 1]!;
      addGradient(slot.expr, 2 * bracket, env, envGradient);
    }
  }

  /** Gradients of the product-state steps' parameters from λ after them (`lambda` on entry). */
  #productGradients(env: Float64Array, lambda: Float64Array, envGradient: Float64Array): void {
    this.#product.contract(lambda);
    const f = this.#product.environments;
    const d = this.#column;
    for (const { step, slots, product } of this.#steps) {
      if (!product || slots.length === 0) continue;
      const q = 4 * step.targets[0]!;
      const run = step.runs[0]!;
      this.#runColumn.prepare(run);
      for (const { op, k, expr } of slots) {
        // (∂U/∂θ)|0⟩: column 0 of the step's product with the gate replaced by its derivative.
        baseDerivative(op.base as BaseGate, op.values, k, this.#derivative1);
        this.#runColumn.derivative(run, run.indexOf(op), this.#derivative1, d);
        const bracket = f[q]! * d[0]! + f[q + 1]! * d[1]! + f[q + 2]! * d[2]! + f[q + 3]! * d[3]!;
        addGradient(expr, 2 * bracket, env, envGradient);
      }
    }
  }
}
