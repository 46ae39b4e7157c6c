import type { MatrixOp } from './applyMatrixOp.js';
import { classifyMatrix, multiply } from './complexMatrix.js';
import type { ProgramOp } from './program.js';

/**
 * A step of the fused forward plan: a run of uncontrolled single-qubit gates on one qubit (their
 * product), a gate on its own, or a two-qubit gate (CX-like or 4×4) with the runs that precede
 * it on its two qubits absorbed: `core · (A ⊗ B)`. Fewer steps means fewer sweeps over the state.
 */
export interface Step extends MatrixOp {
  /** Single-qubit runs applied before `core`: on targets[0] and, for pairs, targets[1]. */
  readonly runs: readonly (readonly ProgramOp[])[];
  readonly core: ProgramOp | undefined;
  readonly dependsOnInputs: boolean;
  readonly parametric: boolean;
  /** For CNOT(targets[0] → targets[1]) with absorbed runs A, B: the run products, for a kernel
   * that applies A ⊗ B and the CNOT without forming the 4×4 product. */
  readonly cxPair: CxPair | undefined;
  /** Whether the current matrix is real (no imaginary parts): the real-state path applies. */
  real: boolean;
}

/** The factors of a CNOT·(A ⊗ B) step; `real` when both products are real matrices. */
export interface CxPair {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly useA: boolean;
  readonly useB: boolean;
  /**
   * Whether `a` (`b`) is always current: the identity of an empty run, or the very matrix of the
   * run's only gate (shared, not copied), so that rebinding the gate needs no refresh.
   */
  readonly fixedA: boolean;
  readonly fixedB: boolean;
  real: boolean;
}

/** A run's product: its only gate's own matrix, the identity, or a buffer refreshed on bind. */
function runFactor(run: readonly ProgramOp[]): Float64Array {
  if (run.length === 1) return run[0]!.matrix;
  const out = new Float64Array(8);
  out[0] = 1;
  out[6] = 1;
  return out;
}

function makeCxPair(runs: ProgramOp[][]): CxPair {
  const [runA, runB] = runs as [ProgramOp[], ProgramOp[]];
  return {
    a: runFactor(runA),
    b: runFactor(runB),
    useA: runA.length > 0,
    useB: runB.length > 0,
    fixedA: runA.length <= 1,
    fixedB: runB.length <= 1,
    real: false,
  };
}

function makeStep(
  core: ProgramOp | undefined,
  runs: ProgramOp[][],
  targets: number[],
  dim: number,
): Step {
  const all = [...runs.flat(), ...(core === undefined ? [] : [core])];
  return {
    targets,
    controlMask: runs.length === 2 || core === undefined ? 0 : core.controlMask,
    dim,
    kind: 0,
    matrix: new Float64Array(2 * dim * dim),
    runs,
    core,
    dependsOnInputs: all.some((op) => op.dependsOnInputs),
    parametric: all.some((op) => op.symbolic),
    cxPair: runs.length === 2 && core?.gate === 'cx' ? makeCxPair(runs) : undefined,
    real: false,
  };
}

/** Gates whose matrix is real for every parameter value. */
const REAL_GATES = new Set(['id', 'h', 'x', 'z', 'ry']);

function isRealRun(run: readonly ProgramOp[]): boolean {
  return run.every(
    (op) =>
      REAL_GATES.has(op.gate) ||
      (op.gate === 'unitary' && op.matrix.every((v, i) => i % 2 === 0 || v === 0)),
  );
}

/**
 * Plans the fused steps of a gate list on `numQubits` qubits: runs of uncontrolled single-qubit
 * gates on one qubit become one step; with `absorbPairs` (default; since the real-state path and
 * the lazy refresh of real pairs, it pays from 2 qubits up) real runs before a CNOT are folded
 * into it, which the
 * CNOT·(A⊗B) kernel applies with the arithmetic of the rotations alone. (Complex runs are not
 * folded: a dense complex 4×4 costs more arithmetic than the sweep it saves.)
 */
export function planSteps(
  ops: readonly ProgramOp[],
  numQubits: number,
  absorbPairs = true,
): Step[] {
  const steps: Step[] = [];
  const pending = new Map<number, ProgramOp[]>();
  const flush = (q: number): void => {
    const run = pending.get(q);
    if (run === undefined) return;
    pending.delete(q);
    steps.push(makeStep(undefined, [run], [q], 2));
  };
  for (const op of ops) {
    if (op.dim === 2 && op.controlMask === 0) {
      const q = op.targets[0]!;
      pending.set(q, [...(pending.get(q) ?? []), op]);
      continue;
    }
    if (absorbPairs && op.gate === 'cx') {
      const pair = [31 - Math.clz32(op.controlMask), op.targets[0]!];
      for (const q of pair) if (!isRealRun(pending.get(q) ?? [])) flush(q);
      if (pair.some((q) => pending.has(q))) {
        const runs = pair.map((q) => pending.get(q) ?? []);
        for (const q of pair) pending.delete(q);
        steps.push(makeStep(op, runs, pair, 4));
        continue;
      }
    }
    for (let q = 0; q < numQubits; q++) {
      if (op.targets.includes(q) || ((op.controlMask >> q) & 1) === 1) flush(q);
    }
    steps.push(makeStep(op, [], [...op.targets], op.dim));
  }
  for (const q of [...pending.keys()]) flush(q);
  return steps;
}

/** Scratch matrices of {@link refreshStep}. */
export interface FusionScratch {
  readonly a: Float64Array;
  readonly b: Float64Array;
  readonly tmp: Float64Array;
  readonly kron: Float64Array;
  readonly core: Float64Array;
}

/** A fresh scratch for {@link refreshStep}. */
export function fusionScratch(): FusionScratch {
  return {
    a: new Float64Array(8),
    b: new Float64Array(8),
    tmp: new Float64Array(8),
    kron: new Float64Array(32),
    core: new Float64Array(32),
  };
}

/** Replaces one gate's matrix by its derivative while composing a step (adjoint gradients). */
export interface StepDerivative {
  readonly op: ProgramOp;
  readonly matrix: Float64Array;
}

function matrixOf(op: ProgramOp, derivative: StepDerivative | undefined): Float64Array {
  return derivative !== undefined && op === derivative.op ? derivative.matrix : op.matrix;
}

/** Copies `from` into `to` (a loop: faster than `set` for these 8- and 32-number matrices). */
function copy(to: Float64Array, from: Float64Array): void {
  for (let i = 0; i < from.length; i++) to[i] = from[i]!;
}

/** Writes the product of a run of single-qubit gates into `out` (with `derivative`: one gate's
 * matrix replaced by its derivative). */
export function runProduct(
  run: readonly ProgramOp[],
  out: Float64Array,
  tmp: Float64Array,
  derivative: StepDerivative | undefined,
): Float64Array {
  if (run.length === 1) {
    copy(out, matrixOf(run[0]!, derivative));
    return out;
  }
  out.fill(0);
  out[0] = 1;
  out[6] = 1;
  for (const op of run) {
    multiply(tmp, matrixOf(op, derivative), out, 2);
    copy(out, tmp);
  }
  return out;
}

/**
 * Writes the matrix of a step into `out`: the product of its gates, or (with `derivative`) the
 * same product with one gate's matrix replaced by its derivative.
 */
export function composeStep(
  step: Step,
  out: Float64Array,
  scratch: FusionScratch,
  derivative?: StepDerivative,
): void {
  const { core, runs } = step;
  if (core === undefined) {
    runProduct(runs[0]!, out, scratch.tmp, derivative);
    return;
  }
  const coreMatrix = matrixOf(core, derivative);
  if (runs.length === 0) {
    copy(out, coreMatrix);
    return;
  }
  const a = runProduct(runs[0]!, scratch.a, scratch.tmp, derivative);
  const b = runProduct(runs[1]!, scratch.b, scratch.tmp, derivative);
  const k = scratch.kron;
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      const ia = 2 * (2 * (r >> 1) + (c >> 1));
      const ib = 2 * (2 * (r & 1) + (c & 1));
      k[2 * (4 * r + c)] = a[ia]! * b[ib]! - a[ia + 1]! * b[ib + 1]!;
      k[2 * (4 * r + c) + 1] = a[ia]! * b[ib + 1]! + a[ia + 1]! * b[ib]!;
    }
  }
  let c4 = coreMatrix;
  if (core.dim === 2) {
    // Controlled single-qubit gate as a 4×4 on [control, target]: diag(I, U); its derivative
    // is diag(0, dU).
    c4 = scratch.core;
    c4.fill(0);
    const one = core === derivative?.op ? 0 : 1;
    c4[0] = one;
    c4[10] = one;
    for (let r = 0; r < 2; r++) {
      for (let c = 0; c < 2; c++) {
        c4[2 * (4 * (r + 2) + c + 2)] = coreMatrix[2 * (2 * r + c)]!;
        c4[2 * (4 * (r + 2) + c + 2) + 1] = coreMatrix[2 * (2 * r + c) + 1]!;
      }
    }
  }
  multiply(out, c4, k, 4);
}

/**
 * Recomputes the matrix and kind of a step from its gates' current matrices. A CNOT·(A⊗B) step
 * whose run products are real only gets `a` and `b` (its `matrix` and `kind` are left as they
 * were: the real CNOT·(A⊗B) kernels never read them).
 */
export function refreshStep(step: Step, scratch: FusionScratch): void {
  const pair = step.cxPair;
  if (pair !== undefined) {
    if (!pair.fixedA) runProduct(step.runs[0]!, pair.a, scratch.tmp, undefined);
    if (!pair.fixedB) runProduct(step.runs[1]!, pair.b, scratch.tmp, undefined);
    let real = true;
    for (let i = 1; i < 8; i += 2) if (pair.a[i] !== 0 || pair.b[i] !== 0) real = false;
    pair.real = real;
    step.real = real;
    if (real) return;
  }
  composeStep(step, step.matrix, scratch);
  step.kind = classifyMatrix(step.matrix, step.dim);
  let real = step.dim <= 4;
  for (let i = 1; real && i < step.matrix.length; i += 2) if (step.matrix[i] !== 0) real = false;
  step.real = real;
}
