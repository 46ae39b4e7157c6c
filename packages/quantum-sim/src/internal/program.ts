import type { CircuitIR, GateName } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import { expressionSymbols, parseExpression } from '../expression.js';
import { type BaseGate, baseMatrix, baseQubits } from '../gateMatrices.js';
import { GATE_SPECS } from '../gateSpecs.js';
import { checkMemory, MAX_STATE_QUBITS } from './allocateState.js';
import { applyMatrixOp, type KernelScratch, type MatrixOp } from './applyMatrixOp.js';
import { type CompiledExpression, compileExpression } from './compileExpression.js';
import { classifyMatrix } from './complexMatrix.js';
import { applyCxPairReal } from './cxPairKernel.js';
import { type Scheduled, scheduleSteps } from './cxSchedule.js';
import { fusionScratch, planSteps, refreshStep, type Step } from './fusionPlan.js';
import { gatherPermutation } from './permutationKernel.js';
import { ProductStart } from './productState.js';
import { runRealFromZero, runRealState } from './realStatePath.js';
import { SCOPE } from './scope.js';
import { classifyUnitaryInput } from './unitaryInput.js';
import { validateOperation } from './validateOperation.js';

/** One gate of a compiled circuit, with its current bound matrix. */
export interface ProgramOp extends MatrixOp {
  readonly gate: GateName;
  readonly base: BaseGate | 'unitary';
  readonly exprs: readonly CompiledExpression[];
  /** Current parameter values (up to 3). */
  readonly values: Float64Array;
  readonly dependsOnInputs: boolean;
  /** Whether some parameter depends on an input or weight (constant gates are bound once). */
  readonly symbolic: boolean;
}

/**
 * A circuit compiled for repeated simulation: names resolved to environment indices (inputs
 * first, then weights), matrices preallocated, single-qubit runs fused. Not thread-safe; reuse
 * one per worker.
 */
export class Program {
  readonly numQubits: number;
  readonly inputNames: readonly string[];
  readonly weightNames: readonly string[];
  readonly ops: readonly ProgramOp[];
  readonly #steps: Step[];
  readonly scratch: KernelScratch;
  readonly #fusion = fusionScratch();
  /** The gates and steps {@link bind} refreshes (all symbolic ones, or those of the inputs). */
  readonly #symbolicOps: readonly ProgramOp[];
  readonly #inputOps: readonly ProgramOp[];
  readonly #parametricSteps: readonly Step[];
  readonly #inputSteps: readonly Step[];
  /** The leading product-state steps, built directly from |0…0⟩ on the complex path. */
  readonly #product: ProductStart;
  /** The order of the steps, CNOT runs as blocks: all of them, and those after the product. */
  readonly #schedule: readonly Scheduled[];
  readonly #afterProduct: readonly Scheduled[];
  #permutationScratch: Float64Array | undefined;

  constructor(ir: CircuitIR, options: { pairFusion?: boolean } = {}) {
    checkMemory({
      numQubits: ir.numQubits,
      count: 2 ** ir.numQubits,
      what: 'state vector',
      maxQubits: MAX_STATE_QUBITS,
    });
    this.numQubits = ir.numQubits;
    this.inputNames = [...(ir.inputs ?? [])];
    this.weightNames = [...(ir.weights ?? [])];
    const index = new Map<string, number>();
    this.inputNames.forEach((name, i) => {
      index.set(name, i);
    });
    this.weightNames.forEach((name, i) => {
      index.set(name, this.inputNames.length + i);
    });
    const resolve = (name: string): number => {
      const i = index.get(name);
      if (i === undefined) {
        throw new ValidationError(
          'UNBOUND_PARAMETER',
          `parameter "${name}" is neither an input (${this.inputNames.join(', ') || 'none'}) nor a weight (${this.weightNames.join(', ') || 'none'})`,
          { scope: SCOPE, details: { parameter: name } },
        );
      }
      return i;
    };
    let maxDim = 4;
    this.ops = ir.operations.map((op) => {
      validateOperation(op, ir.numQubits);
      const spec = GATE_SPECS[op.gate];
      const controls = spec.controls === 'variadic' ? op.qubits.length - 1 : spec.controls;
      const targets = op.qubits.slice(controls);
      const controlMask = op.qubits.slice(0, controls).reduce((mask, q) => mask | (1 << q), 0);
      const exprs = (op.params ?? []).map((p) => {
        const node =
          typeof p === 'number' ? { kind: 'num' as const, value: p } : parseExpression(p);
        return compileExpression(node, expressionSymbols(node), resolve);
      });
      const dim = 1 << (spec.base === 'unitary' ? targets.length : baseQubits(spec.base));
      maxDim = Math.max(maxDim, dim);
      const programOp: ProgramOp = {
        gate: op.gate,
        base: spec.base,
        targets,
        controlMask,
        dim,
        kind: 0,
        matrix:
          spec.base === 'unitary'
            ? classifyUnitaryInput(op.matrix, targets.length)
            : new Float64Array(2 * dim * dim),
        exprs,
        values: new Float64Array(3),
        dependsOnInputs: exprs.some((e) => e.symbols.some((s) => s < this.inputNames.length)),
        symbolic: exprs.some((e) => e.symbols.length > 0),
      };
      if (spec.base !== 'unitary') this.#bindOp(programOp, new Float64Array(index.size));
      programOp.kind = classifyMatrix(programOp.matrix, dim);
      return programOp;
    });
    this.scratch = { values: new Float64Array(2 * maxDim), offsets: new Int32Array(maxDim) };
    this.#steps = planSteps(this.ops, this.numQubits, options.pairFusion);
    this.#symbolicOps = this.ops.filter((op) => op.symbolic);
    this.#inputOps = this.ops.filter((op) => op.dependsOnInputs);
    // A CNOT·(A⊗B) step whose factors are its gates' own matrices never needs a refresh.
    const refreshed = (step: Step): boolean => !(step.cxPair?.fixedA && step.cxPair.fixedB);
    this.#parametricSteps = this.#steps.filter((step) => step.parametric && refreshed(step));
    this.#inputSteps = this.#steps.filter((step) => step.dependsOnInputs && refreshed(step));
    this.#product = new ProductStart(this.#steps, this.numQubits);
    this.#schedule = scheduleSteps(this.#steps, this.numQubits);
    this.#afterProduct = scheduleSteps(this.#steps, this.numQubits, this.#product.members);
    this.#refreshAll();
  }

  /** The fused forward plan. */
  get steps(): readonly Step[] {
    return this.#steps;
  }

  /**
   * The first gate of each single-qubit run {@link runFromZero} writes as a product state
   * (another plan of the same gates takes the same ones, to compute the very same state).
   */
  get productHeads(): ReadonlySet<ProgramOp> {
    return this.#product.heads;
  }

  /** Number of sweeps over the state one forward run makes (after fusion). */
  get numSteps(): number {
    return this.#steps.length;
  }

  /** Size of the parameter environment: inputs then weights. */
  get envSize(): number {
    return this.inputNames.length + this.weightNames.length;
  }

  #bindOp(op: ProgramOp, env: Float64Array): void {
    for (let k = 0; k < op.exprs.length; k++) op.values[k] = op.exprs[k]!.value(env);
    baseMatrix(op.base as BaseGate, op.values, op.matrix);
  }

  /**
   * Counts the binds that may change gates other than the input-dependent ones (a `bind` of all
   * symbolic gates with other weights, every {@link setGateParameter}): caches of matrices that
   * depend on the weights alone are current while it stays the same.
   */
  bindVersion = 0;
  /** The weights of the last full {@link bind} (undefined after a {@link setGateParameter}). */
  #boundWeights: Float64Array | undefined;

  /**
   * Binds every symbolic gate (`onlyInputs`: only those that depend on inputs) to `env`. With the
   * same weights as the last full bind only those that depend on inputs are bound again, and
   * {@link bindVersion} stays (rows bound one call at a time, as `vjpRows` does, then share
   * everything that depends on the weights alone).
   */
  bind(env: Float64Array, onlyInputs = false): void {
    const all = !onlyInputs && !this.#sameWeights(env);
    if (all) this.bindVersion++;
    const ops = all ? this.#symbolicOps : this.#inputOps;
    for (let i = 0; i < ops.length; i++) this.#bindOp(ops[i]!, env);
    const steps = all ? this.#parametricSteps : this.#inputSteps;
    for (let i = 0; i < steps.length; i++) refreshStep(steps[i]!, this.#fusion);
  }

  /** Whether `env` holds the weights of the last full bind; remembers them for the next one. */
  #sameWeights(env: Float64Array): boolean {
    const weights = env.subarray(this.inputNames.length);
    const last = this.#boundWeights;
    if (last !== undefined && weights.every((v, i) => Object.is(v, last[i]))) return true;
    this.#boundWeights = weights.slice();
    return false;
  }

  /** Sets parameter `k` of gate `opIndex` directly (parameter-shift rules) and rebinds its matrix. */
  setGateParameter(opIndex: number, k: number, value: number): void {
    const op = this.ops[opIndex]!;
    op.values[k] = value;
    baseMatrix(op.base as BaseGate, op.values, op.matrix);
    this.bindVersion++;
    this.#boundWeights = undefined;
    // The gate may be a constant one (not refreshed by `bind`).
    this.#refreshAll();
  }

  /** Runs the fused plan on `state`, which must hold the initial state (|0…0⟩ after `reset`). */
  run(state: Float64Array): void {
    this.#runSteps(state, this.#schedule);
  }

  /** A state-sized scratch buffer for the CNOT blocks' gathers (allocated on first use). */
  permutationScratch(): Float64Array {
    this.#permutationScratch ??= new Float64Array(2 << this.numQubits);
    return this.#permutationScratch;
  }

  #runSteps(state: Float64Array, schedule: readonly Scheduled[]): void {
    const n = this.numQubits;
    const steps = this.#steps;
    for (const item of schedule) {
      if (typeof item !== 'number') {
        gatherPermutation(state, n, item.forward, this.permutationScratch());
        continue;
      }
      const step = steps[item]!;
      const pair = step.cxPair;
      if (pair?.real) applyCxPairReal(state, n, step.targets[0]!, step.targets[1]!, pair);
      else applyMatrixOp(state, n, step, this.scratch);
    }
  }

  /**
   * Passes over the state the last {@link runFromZero} made: over 2^n reals on the real-state
   * path (`lastRunReal`), else over 2^n complex amplitudes (one per step; the steps of a
   * product-state start count as one).
   */
  lastRunPasses = 0;
  /** Whether the last {@link runFromZero} took the real-state path. */
  lastRunReal = false;

  /**
   * Sets `state` to |0…0⟩ and runs the fused plan on it. When every step is currently a real
   * matrix the state stays real: it is simulated as 2^n real numbers in the first half of `state`
   * and widened to the interleaved complex layout at the end. Otherwise the single-qubit steps
   * that are the first on their qubit are written as one product state (one pass for all).
   */
  runFromZero(state: Float64Array): void {
    const passes = runRealFromZero(this.#steps, this.numQubits, state);
    this.lastRunReal = passes !== undefined;
    if (passes !== undefined) {
      this.lastRunPasses = passes;
      return;
    }
    const product = this.#product.count;
    if (product > 0) this.#product.write(state);
    else this.reset(state);
    this.#runSteps(state, product > 0 ? this.#afterProduct : this.#schedule);
    this.lastRunPasses = this.#steps.length - product + (product > 0 ? 1 : 0);
  }

  /**
   * When every step is currently a real matrix, runs the plan from |0…0⟩ on the real state (2^n
   * reals in the first half of `state`, not widened) and returns true; else returns false and
   * leaves `state` untouched.
   */
  runRealOnly(state: Float64Array): boolean {
    const passes = runRealState(this.#steps, this.numQubits, state);
    if (passes === undefined) return false;
    this.lastRunPasses = passes;
    this.lastRunReal = true;
    return true;
  }

  /** Applies gate `i` alone (unfused) to `state` (of `numQubits` qubits, for density matrices). */
  applyOp(state: Float64Array, i: number, numQubits = this.numQubits): void {
    // Gate kinds are classified here, not on every bind: the fused steps carry their own.
    const op = this.ops[i]!;
    op.kind = classifyMatrix(op.matrix, op.dim);
    applyMatrixOp(state, numQubits, op, this.scratch);
  }

  /** Sets `state` to |0…0⟩. */
  reset(state: Float64Array): void {
    state.fill(0);
    state[0] = 1;
  }

  #refreshAll(): void {
    for (const step of this.#steps) refreshStep(step, this.#fusion);
  }
}
