import { type BaseGate, baseDerivative } from '../gateMatrices.js';
import type { KeptViews } from './adjointPass.js';
import { dagger, multiply } from './complexMatrix.js';
import {
  composeStep,
  fusionScratch,
  runProduct,
  type Step,
  type StepDerivative,
} from './fusionPlan.js';
import type { Program, ProgramOp } from './program.js';
import { type CxChainSweep, realAdjointCxChain } from './realAdjointChainKernel.js';
import {
  type CxPairSweep,
  realAdjointCxPair,
  realAdjointStep1,
  WMode,
} from './realAdjointKernels.js';
import {
  classify,
  hasSlots,
  joinChains,
  type PairUnit,
  type RealAdjointStep,
  type Slot,
} from './realAdjointUnits.js';
import { applyRealStateCxChain } from './realChainKernel.js';
import { applyRealState1, applyRealState2, applyRealStateCxPair } from './realStateKernels.js';
import { CHAIN_MIN_QUBITS, type RealPathTuning } from './realStatePath.js';
import { stateArena, viewsOver } from './stateArena.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/** Default memory for the states the forward pass of a gradient keeps: 64 MiB. */
export const ADJOINT_MEMORY = 64 * 2 ** 20;

/** Options of {@link RealAdjointPlan.create}. */
export interface RealAdjointOptions extends RealPathTuning {
  /** Bytes the stored states may take; above, the sweep undoes ψ instead. @default 64 MiB */
  readonly adjointMemory?: number;
  /** Where the plan's own arena of kept states goes when it has room (the SIMD kernels run there). */
  readonly memory?: WasmStateMemory;
}

/**
 * Adjoint differentiation on real states: used when every step of the forward plan is currently
 * a real matrix and the observables are real, so that ψ and λ stay real through the backward
 * sweep. It walks the forward plan itself (CNOT·(A⊗B) steps included) and reads and writes the
 * 2^n reals of ψ and of λ once per step; a parameter costs O(1) work on 2×2 matrices on top.
 *
 * When the states fit in the memory budget, {@link forward} keeps a copy of ψ after every unit
 * with parameters (an arena reused across calls, or one row's slot from {@link viewsIn}) and the
 * backward sweep reads them instead of undoing each step on ψ: it then applies only Uᵀ to λ.
 * Above the budget ψ is undone as before. The same small API as the complex `AdjointPlan`, so
 * that `KeptRows` keeps the rows of either path.
 */
export class RealAdjointPlan {
  readonly #program: Program;
  readonly #steps: readonly RealAdjointStep[];
  readonly #first: number;
  readonly #fusion = fusionScratch();
  readonly #u = new Float64Array(32);
  readonly #w = new Float64Array(8);
  readonly #wa = new Float64Array(8);
  readonly #derivative = new Float64Array(8);
  readonly #composed = new Float64Array(8);
  readonly #g = new Float64Array(8);
  readonly #shape = { n: 0, t: 0, cmask: 0, undoPsi: true };
  /** Per unit, its stored ψ (a view of the arena or of a row's slot) when it has parameters. */
  #views: KeptViews = [];
  /** The plan's own arena's views (see {@link forward}). */
  #own: KeptViews | undefined;
  /** Where {@link #own} goes when it has room. */
  #memory: WasmStateMemory | undefined;
  /** Bytes the states kept by {@link forward} take (one 2^n-real copy per unit with parameters). */
  readonly storedBytes: number;
  /** Bytes the kept states may take; above it ψ is undone step by step. */
  readonly budget: number;
  /** Whether the last {@link forward} kept the states (else the sweep undoes ψ). */
  stored = false;
  /** The slot being differentiated (reused: no allocation per parameter). */
  readonly #replace: { op: ProgramOp | undefined; matrix: Float64Array } = {
    op: undefined,
    matrix: this.#derivative,
  };
  #env: Float64Array = new Float64Array(0);
  #envGradient: Float64Array = new Float64Array(0);
  readonly #chainSweep: CxChainSweep;
  readonly #sweep: { -readonly [K in keyof CxPairSweep]: CxPairSweep[K] };

  /** The plan, or undefined when some step can never take the real sweep. */
  static create(program: Program, tuning: RealAdjointOptions = {}): RealAdjointPlan | undefined {
    const steps: RealAdjointStep[] = [];
    for (const step of program.steps) {
      const classified = classify(step);
      if (classified === undefined) return undefined;
      steps.push(classified);
    }
    const chainMin = tuning.chainMinQubits ?? CHAIN_MIN_QUBITS;
    const units = joinChains(steps, program.numQubits, chainMin);
    const plan = new RealAdjointPlan(program, units, tuning.adjointMemory ?? ADJOINT_MEMORY);
    plan.#memory = tuning.memory;
    return plan;
  }

  private constructor(program: Program, steps: RealAdjointStep[], budget: number) {
    this.#program = program;
    this.#steps = steps;
    this.#first = steps.findIndex(hasSlots);
    this.storedBytes = steps.filter(hasSlots).length * 8 * 2 ** program.numQubits;
    this.budget = budget;
    const none = new Float64Array(8);
    this.#sweep = {
      n: program.numQubits,
      qa: 0,
      qb: 0,
      a: none,
      b: none,
      useA: false,
      wantA: WMode.none,
      wantB: WMode.none,
      wa: this.#wa,
      wb: this.#w,
      undoPsi: true,
    };
    this.#shape.n = program.numQubits;
    this.#chainSweep = {
      n: program.numQubits,
      qa: 0,
      qb: 0,
      qc: 0,
      a: none,
      b: none,
      c: none,
      useA: false,
      wantA: false,
      wantB: false,
      wantC: false,
      wa: this.#wa,
      wb: new Float64Array(8),
      wc: new Float64Array(8),
      undoPsi: true,
    };
  }

  /** Whether the current (bound) steps are all real, so that {@link run} applies. */
  applies(): boolean {
    for (const step of this.#program.steps) {
      if (!step.real || (step.cxPair !== undefined && !step.cxPair.real)) return false;
    }
    return true;
  }

  /**
   * Runs the forward pass from |0…0⟩ on the real state `psi` (2^n reals; the steps must be real,
   * see {@link applies}), keeping ψ after every unit with parameters when they fit the budget
   * (else the program's own real run): into `views` (from {@link viewsIn}) when given, else into
   * the plan's own arena.
   */
  forward(psi: Float64Array, views?: KeptViews): void {
    const program = this.#program;
    this.stored = this.storedBytes <= this.budget;
    if (!this.stored) {
      program.runRealOnly(psi);
      return;
    }
    const n = program.numQubits;
    // The plan's own arena is allocated on first use.
    if (views === undefined) this.#own ??= stateArena(this.#steps, hasSlots, 1 << n, this.#memory);
    this.#views = views ?? this.#own!;
    psi.fill(0);
    psi[0] = 1;
    // ψ lives in `from`: `psi`, or the arena slot of the last kept unit. A kept unit's kernel reads
    // `from` and writes its own slot (out of place: no copy after the step); other units write `psi`.
    let from = psi;
    for (let i = 0; i < this.#steps.length; i++) {
      const s = this.#steps[i]!;
      const to = this.#views[i] ?? psi;
      if (s.kind === 'chain') {
        const [one, two] = [s.first.step, s.second.step];
        const qubits = [one.targets[0]!, one.targets[1]!, two.targets[1]!] as const;
        applyRealStateCxChain(from, n, qubits, one.cxPair!, two.cxPair!, to);
      } else if (s.kind === 'pair') {
        const t = s.step.targets;
        applyRealStateCxPair(from, n, t[0]!, t[1]!, s.step.cxPair!.a, s.step.cxPair!.b, to);
      } else {
        // Single steps are applied in place on `psi`, then kept.
        if (from !== psi) psi.set(from);
        const t = s.step.targets;
        if (s.step.dim === 2) applyRealState1(psi, n, t[0]!, s.step.controlMask, s.step.matrix);
        else applyRealState2(psi, n, t[0]!, t[1]!, s.step.controlMask, s.step.matrix);
        if (to !== psi) to.set(psi);
      }
      from = to;
    }
    if (from !== psi) psi.set(from);
    program.lastRunPasses = this.#steps.length;
    program.lastRunReal = true;
  }

  /** Views for {@link forward} over `region` (`storedBytes / 8` numbers, e.g. one row's slot). */
  viewsIn(region: Float64Array): KeptViews {
    return viewsOver(this.#steps, hasSlots, 1 << this.#program.numQubits, region);
  }

  /**
   * Instead of {@link forward}: the states it kept into `views` for the same bound parameters,
   * so that {@link run} can follow (it only reads them).
   */
  useStates(views: KeptViews): void {
    this.stored = true;
    this.#views = views;
  }

  /**
   * On entry `psi` holds the final real state and `lambda` H_eff·ψ (2^n reals each, consumed).
   * Adds dL/d(env[s]) into `envGradient` for L = ⟨ψ|H_eff|ψ⟩.
   */
  run(env: Float64Array, psi: Float64Array, lambda: Float64Array, envGradient: Float64Array): void {
    const n = this.#program.numQubits;
    this.#env = env;
    this.#envGradient = envGradient;
    const stored = this.stored;
    this.#shape.undoPsi = !stored;
    this.#sweep.undoPsi = !stored;
    this.#chainSweep.undoPsi = !stored;
    for (let i = this.#steps.length - 1; i >= this.#first && this.#first >= 0; i--) {
      const s = this.#steps[i]!;
      // ψ after this unit: the stored copy, else the state being undone (λ: unread dummy).
      const after = stored ? (this.#views[i] ?? lambda) : psi;
      if (s.kind === 'chain') {
        this.#chain(after, lambda, s.first, s.second);
        continue;
      }
      const step = s.step;
      if (s.kind === 'pair') {
        const pair = step.cxPair!;
        const sweep = this.#sweep;
        sweep.qa = step.targets[0]!;
        sweep.qb = step.targets[1]!;
        sweep.a = pair.a;
        sweep.b = pair.b;
        sweep.useA = pair.useA;
        sweep.wantA = s.modeA;
        sweep.wantB = s.modeB;
        realAdjointCxPair(after, lambda, sweep);
        this.#pairBrackets(s, this.#wa, this.#w);
      } else if (s.kind === 'one' && s.slots.length > 0) {
        this.#shape.t = step.targets[0]!;
        this.#shape.cmask = step.controlMask;
        realAdjointStep1(after, lambda, this.#shape, step.matrix, this.#w);
        this.#brackets(s.slots, step, step.matrix, this.#w);
      } else {
        const ut = dagger(this.#u, step.matrix, step.dim);
        const t = step.targets;
        for (const r of stored ? [lambda] : [psi, lambda]) {
          if (step.dim === 2) applyRealState1(r, n, t[0]!, step.controlMask, ut);
          else applyRealState2(r, n, t[0]!, t[1]!, step.controlMask, ut);
        }
      }
    }
  }

  #chain(psi: Float64Array, lambda: Float64Array, first: PairUnit, second: PairUnit): void {
    const sweep = this.#chainSweep;
    const [one, two] = [first.step.cxPair!, second.step.cxPair!];
    sweep.qa = first.step.targets[0]!;
    sweep.qb = first.step.targets[1]!;
    sweep.qc = second.step.targets[1]!;
    sweep.a = one.a;
    sweep.b = one.b;
    sweep.c = two.b;
    sweep.useA = one.useA;
    sweep.wantA = first.modeA !== WMode.none;
    sweep.wantB = first.modeB !== WMode.none;
    sweep.wantC = second.modeB !== WMode.none;
    realAdjointCxChain(psi, lambda, sweep);
    this.#pairBrackets(second, this.#wa, sweep.wc);
    this.#pairBrackets(first, sweep.wa, sweep.wb);
  }

  #pairBrackets(unit: PairUnit, wa: Float64Array, wb: Float64Array): void {
    const pair = unit.step.cxPair!;
    this.#brackets(unit.slotsA, unit.step.runs[0]!, pair.a, wa);
    this.#brackets(unit.slotsB, unit.step.runs[1]!, pair.b, wb);
  }

  /**
   * ∂L/∂θ = 2 Σ Re(D·Uᵀ)[r][c]·W[r][c] for each slot, with U the product of `of` (a run of
   * single-qubit gates, or a 2×2 step) and D the same product with the slot's gate differentiated.
   */
  #brackets(
    slots: readonly Slot[],
    of: readonly ProgramOp[] | Step,
    u: Float64Array,
    w: Float64Array,
  ): void {
    if (slots.length === 0) return;
    const env = this.#env;
    const envGradient = this.#envGradient;
    // Uᵀ only for the general product (a lone rotation's bracket needs no matrix).
    let ut: Float64Array | undefined;
    for (const { op, k, expr, generator } of slots) {
      let grad = 0;
      if (generator === 'ry') grad = w[4]! - w[2]!;
      else if (generator === undefined) {
        baseDerivative(op.base as BaseGate, op.values, k, this.#derivative);
        this.#replace.op = op;
        const derivative = this.#replace as StepDerivative;
        if (Array.isArray(of)) runProduct(of, this.#composed, this.#fusion.tmp, derivative);
        else composeStep(of as Step, this.#composed, this.#fusion, derivative);
        ut ??= dagger(this.#u, u, 2);
        const g = multiply(this.#g, this.#composed, ut, 2);
        grad = 2 * (g[0]! * w[0]! + g[2]! * w[2]! + g[4]! * w[4]! + g[6]! * w[6]!);
      }
      for (let j = 0; j < expr.symbols.length; j++) {
        const index = expr.symbols[j]!;
        envGradient[index] = envGradient[index]! + grad * expr.derivatives[j]!(env);
      }
    }
  }
}
