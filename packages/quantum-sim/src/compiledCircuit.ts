import type { CircuitIR, Observable } from '@qstore/core';
import { StateError, ValidationError } from '@qstore/core';
import type {
  BatchGradient,
  BatchOptions,
  CompiledCircuitOptions,
  VjpOptions,
} from './batchOptions.js';
import type { Circuit } from './circuit.js';
import { type AdjointBuffers, AdjointPlan } from './internal/adjointPass.js';
import { allocateState } from './internal/allocateState.js';
import { checkBatchShapes } from './internal/checkBatchShapes.js';
import { gatherBytes } from './internal/cxSchedule.js';
import { KeptLane } from './internal/keptLane.js';
import { KeptRows } from './internal/keptRows.js';
import { compileObservable } from './internal/pauliTerms.js';
import { Program } from './internal/program.js';
import { Readout } from './internal/readout.js';
import { ADJOINT_MEMORY, RealAdjointPlan } from './internal/realAdjointPass.js';
import { isRealObservable } from './internal/realObservable.js';
import { copyObservables, sameObservables } from './internal/sameObservables.js';
import { SCOPE } from './internal/scope.js';
import { WasmStateMemory } from './internal/wasmStateMemory.js';
import type { RowGradients } from './vjpRows.js';

const EMPTY = new Float64Array(0);

/** The adjoint path a row's `vjp` takes, with its plan, buffers and kept slots. */
type AdjointPath = { readonly buffers: AdjointBuffers; readonly lane: KeptLane } & (
  | { readonly complex: true; readonly plan: AdjointPlan }
  | { readonly complex: false; readonly plan: RealAdjointPlan }
);
/** The scratch the SIMD kernels take from a circuit's memory on first use (folds, contractions). */
const KERNEL_SCRATCH_BYTES = 65_536;

/**
 * A circuit compiled once and run many times: the object `@qstore/train` keeps across batches.
 * It owns its state buffers, so each call allocates only its result arrays. Not safe to share
 * between concurrent callers (one per worker).
 */
export class CompiledCircuit {
  readonly program: Program;
  readonly #env: Float64Array;
  readonly #buffers: AdjointBuffers;
  /** The first halves of the buffers: ψ and λ as 2^n reals on the real-state path. */
  readonly #real: AdjointBuffers;
  /** A copy of the observables the read-out was built for. */
  #observables: readonly Observable[] | undefined;
  #adjoint: AdjointPlan | undefined;
  /** The real adjoint sweep; null when this circuit's plan cannot take it. */
  #realAdjoint: RealAdjointPlan | null | undefined;
  #realTerms = false;
  #readout = new Readout([], 0);
  readonly #adjointMemory: number;
  /** The rows the last `expectations` with `keepForVjp` kept for a `vjp`. */
  readonly #kept: KeptRows;
  /** The slots of kept rows on the complex path (in {@link #memory} when it has room). */
  #complexLane: KeptLane | undefined;
  /** The slots of kept rows on the real-state path (in {@link #memory} when it has room). */
  #realLane: KeptLane | undefined;
  /**
   * Holds ψ, λ, the states a complex `vjp` keeps and the complex rows `keepForVjp` keeps, for the
   * SIMD kernels (if it could be made).
   */
  readonly #memory: WasmStateMemory | undefined;

  constructor(circuit: Circuit | CircuitIR, options: CompiledCircuitOptions = {}) {
    const ir = 'toIR' in circuit ? circuit.toIR() : circuit;
    this.#adjointMemory = options.adjointMemory ?? ADJOINT_MEMORY;
    if (!(this.#adjointMemory >= 0)) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `adjointMemory must be a number of bytes ≥ 0, got ${options.adjointMemory}`,
        { scope: SCOPE },
      );
    }
    this.program = new Program(ir, options);
    this.#env = new Float64Array(this.program.envSize);
    // Room for ψ, λ, the kernels' scratch and the kept states: at most one per symbolic gate,
    // within the budget; then the rows `keepForVjp` keeps (untouched pages take no memory).
    const stateBytes = 16 * 2 ** ir.numQubits;
    const symbolic = this.program.ops.filter((op) => op.symbolic).length;
    const kept = Math.min(symbolic, Math.floor(this.#adjointMemory / stateBytes)) * stateBytes;
    const base = 2 * stateBytes + gatherBytes(ir) + KERNEL_SCRATCH_BYTES;
    this.#memory =
      WasmStateMemory.create(base + kept + this.#adjointMemory) ??
      WasmStateMemory.create(base + kept) ??
      WasmStateMemory.create(base);
    this.#kept = new KeptRows(this.#adjointMemory);
    const psi = allocateState(ir.numQubits, this.#memory);
    this.#buffers = { psi, lambda: allocateState(ir.numQubits, this.#memory) };
    const dim = 2 ** ir.numQubits;
    this.#real = { psi: psi.subarray(0, dim), lambda: this.#buffers.lambda.subarray(0, dim) };
  }

  /** Number of qubits. */
  get numQubits(): number {
    return this.program.numQubits;
  }

  /** Input names, in input-row order. */
  get inputNames(): readonly string[] {
    return this.program.inputNames;
  }

  /** Weight names, in weight-vector order. */
  get weightNames(): readonly string[] {
    return this.program.weightNames;
  }

  /** Throws the error `expectations`/`vjp` would throw for this batch's shapes, without running it. */
  validateBatch(options: BatchOptions): void {
    this.#check(options);
  }

  #check(options: BatchOptions): { batchSize: number; readout: Readout } {
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `batchSize must be a positive integer, got ${batchSize}`,
        { scope: SCOPE },
      );
    }
    checkBatchShapes(options, batchSize, this);
    // Compared by content, not by array: an array changed in place must not get a stale read-out.
    if (
      this.#observables === undefined ||
      !sameObservables(this.#observables, options.observables)
    ) {
      const terms = options.observables.map((o) => compileObservable(o, this.numQubits));
      this.#readout = new Readout(terms, this.numQubits);
      this.#observables = copyObservables(options.observables);
      this.#realTerms = terms.every(isRealObservable);
    }
    return { batchSize, readout: this.#readout };
  }

  #forwardRow(options: BatchOptions, row: number): void {
    this.#bindRow(options, row);
    this.program.runFromZero(this.#buffers.psi);
  }

  #bindRow(options: BatchOptions, row: number): void {
    if (options.signal?.aborted) {
      throw new StateError('ABORTED', `execution was aborted at row ${row}`, {
        scope: SCOPE,
        cause: options.signal.reason,
      });
    }
    const numInputs = this.inputNames.length;
    const env = this.#env;
    if (row === 0 && options.weights !== undefined) env.set(options.weights, numInputs);
    const inputs = options.inputs;
    for (let j = 0; j < numInputs; j++) env[j] = inputs![row * numInputs + j]!;
    this.program.bind(env, row > 0);
  }

  #realPlan(): RealAdjointPlan | undefined {
    if (this.#realAdjoint === undefined)
      this.#realAdjoint =
        RealAdjointPlan.create(this.program, {
          adjointMemory: this.#adjointMemory,
          memory: this.#memory,
        }) ?? null;
    return this.#realAdjoint ?? undefined;
  }

  /**
   * The adjoint path of the row just bound, as `vjp` takes it: the real-state plan when the bound
   * steps and the observables are real, else the complex plan; with its buffers and kept slots.
   */
  #path(): AdjointPath {
    const real = this.#realTerms ? this.#realPlan() : undefined;
    if (real?.applies()) {
      // ψ and λ stay real: 2^n reals each, in the first halves of the buffers.
      this.#realLane ??= new KeptLane(real, this.#real.psi.length, this.#memory);
      return { complex: false, plan: real, buffers: this.#real, lane: this.#realLane };
    }
    const plan = this.#adjointPlan();
    this.#complexLane ??= new KeptLane(plan, this.#buffers.psi.length, this.#memory);
    return { complex: true, plan, buffers: this.#buffers, lane: this.#complexLane };
  }

  /** The expectation of every observable for every row: `batchSize × observables.length`. */
  expectations(options: BatchOptions): Float64Array {
    const { batchSize, readout } = this.#check(options);
    const numObs = readout.terms.length;
    const out = new Float64Array(batchSize * numObs);
    const keep = options.keepForVjp === true;
    if (keep) this.#kept.begin();
    for (let row = 0; row < batchSize; row++) {
      this.#bindRow(options, row);
      if (keep) {
        // `vjp`'s own forward pass on the row's path, run in its slot (if it has one) to keep
        // its states.
        const { complex, plan, buffers, lane } = this.#path();
        const slot = this.#kept.take(row, lane);
        const state = slot?.final ?? buffers.psi;
        plan.forward(state, slot?.views);
        readout.expectations(state, complex, out, row * numObs);
        continue;
      }
      // On the real-state path the state is not widened: ⟨ψ|P|ψ⟩ of a real state is the real
      // part's sum (0 for a product with an odd number of Y).
      if (this.program.runRealOnly(this.#real.psi)) {
        readout.expectations(this.#real.psi, false, out, row * numObs);
      } else {
        this.program.runFromZero(this.#buffers.psi);
        readout.expectations(this.#buffers.psi, true, out, row * numObs);
      }
    }
    if (keep) {
      const measured = { readout, expectations: out };
      this.#kept.finish(this.#batchKey(options, batchSize), this.program.bindVersion, measured);
    }
    return out;
  }

  #batchKey(options: BatchOptions, batchSize: number) {
    return { inputs: options.inputs ?? EMPTY, weights: options.weights ?? EMPTY, batchSize };
  }

  #adjointPlan(): AdjointPlan {
    this.#adjoint ??= new AdjointPlan(this.program, this.#adjointMemory, this.#memory);
    return this.#adjoint;
  }

  /** The final state of one row (a copy), e.g. to inspect amplitudes or sample. */
  state(options: Omit<BatchOptions, 'observables' | 'batchSize'>): Float64Array {
    this.#check({ ...options, observables: this.#observables ?? [] });
    this.#forwardRow({ ...options, observables: [] }, 0);
    return this.#buffers.psi.slice();
  }

  /**
   * Forward pass plus the exact gradient of `Σ upstream ⊙ expectations` with respect to the
   * weights (summed over rows) and every input, by adjoint differentiation: one backward sweep
   * per row, whatever the number of parameters.
   */
  vjp(options: VjpOptions): BatchGradient {
    const { expectations, weights, inputGradient } = this.#vjpRows(options, false);
    return { expectations, weightGradient: weights, inputGradient };
  }

  /**
   * As {@link vjp}, keeping each row's weight gradient instead of their sum (row r's at
   * `r · weightNames.length`): a caller that adds the rows up in row order gets the same bits
   * however the rows were split between threads. `vjpRows(compiled, options)` calls this.
   */
  vjpRows(options: VjpOptions): RowGradients {
    const { expectations, weights, inputGradient } = this.#vjpRows(options, true);
    return { expectations, weightGradients: weights, inputGradient };
  }

  /** The adjoint sweep of every row; `perRow`: weight gradients per row, else summed. */
  #vjpRows(
    options: VjpOptions,
    perRow: boolean,
  ): { expectations: Float64Array; weights: Float64Array; inputGradient: Float64Array } {
    const { batchSize, readout } = this.#check(options);
    const numObs = readout.terms.length;
    if (options.upstream.length !== batchSize * numObs) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `upstream has ${options.upstream.length} values, expected ${batchSize * numObs}`,
        {
          scope: SCOPE,
        },
      );
    }
    const numInputs = this.inputNames.length;
    const expectations = new Float64Array(batchSize * numObs);
    const numWeights = this.weightNames.length;
    const weights = new Float64Array(perRow ? batchSize * numWeights : numWeights);
    const inputGradient = new Float64Array(batchSize * numInputs);
    const envGradient = new Float64Array(this.program.envSize);
    const upstream = options.upstream;
    let kept = false;
    let keptExpectations: Float64Array | undefined;
    for (let row = 0; row < batchSize; row++) {
      this.#bindRow(options, row);
      // After row 0's bind: a change of the weights or of a gate since the rows were kept shows.
      if (row === 0) {
        kept = this.#kept.matches(this.#batchKey(options, batchSize), this.program.bindVersion);
        keptExpectations = kept ? this.#kept.expectations(readout) : undefined;
      }
      envGradient.fill(0);
      const path = this.#path();
      const { plan, buffers, lane, complex } = path;
      const { lambda } = buffers;
      // The states kept by `expectations` on this row's path (the sweep only reads them), or a
      // forward pass.
      const slot = kept ? this.#kept.slot(row, lane) : undefined;
      if (slot === undefined) plan.forward(buffers.psi);
      else plan.useStates(slot.views);
      const psi = slot?.final ?? buffers.psi;
      // A kept row's expectations were measured from the same state by the same read-out.
      const at = row * numObs;
      if (slot !== undefined && keptExpectations !== undefined)
        expectations.set(keptExpectations.subarray(at, at + numObs), at);
      else readout.expectations(psi, complex, expectations, at);
      readout.backward({ s: psi, complex, upstream, offset: at, lambda });
      if (path.complex) path.plan.run(this.#env, { psi, lambda }, envGradient);
      else path.plan.run(this.#env, psi, lambda, envGradient);
      for (let j = 0; j < numInputs; j++) inputGradient[row * numInputs + j] = envGradient[j]!;
      // A row's own sum starts at +0 as the batch's does (−0 + 0 is +0): the same bits either way.
      const w = perRow ? row * numWeights : 0;
      for (let j = 0; j < numWeights; j++)
        weights[w + j] = weights[w + j]! + envGradient[numInputs + j]!;
    }
    return { expectations, weights, inputGradient };
  }
}
