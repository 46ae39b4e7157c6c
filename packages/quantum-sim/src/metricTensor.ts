import type { CircuitIR } from '@qstore/core';
import { ValidationError } from '@qstore/core';
import type { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { type BaseGate, baseDerivative } from './gateMatrices.js';
import { applyMatrixOp } from './internal/applyMatrixOp.js';
import { classifyMatrix, dagger, multiply } from './internal/complexMatrix.js';
import { type MetricLayer, type MetricParameter, metricPlan } from './internal/metricPlan.js';
import type { Program } from './internal/program.js';
import { SCOPE } from './internal/scope.js';

/** Which approximation of the Fubini–Study metric {@link metricTensor} computes. */
export type MetricApproximation = 'block-diag' | 'diag';

/** What the circuit's parameters are bound to. */
export interface MetricTensorBindings {
  /** `batchSize × inputNames.length`, row-major. Required when the circuit has inputs. */
  readonly inputs?: Float64Array;
  /** `weightNames.length` values. Required when the circuit has weights. */
  readonly weights?: Float64Array;
  /** Rows of `inputs`; the metric is averaged over them. @default 1 */
  readonly batchSize?: number;
}

/** Options of {@link metricTensor}. */
export interface MetricTensorOptions {
  /** @default 'block-diag' */
  readonly approx?: MetricApproximation;
}

const plans = new WeakMap<Program, MetricLayer[]>();

/** The program's parameterised layers, computed once per compiled circuit. */
function planOf(program: Program): MetricLayer[] {
  let layers = plans.get(program);
  if (layers === undefined) {
    layers = metricPlan(program);
    plans.set(program, layers);
  }
  return layers;
}

/**
 * K = i·(∂U/∂θ)·U† of one gate parameter, on the gate's targets (its controls are handled by
 * the caller): ∂U/∂θ = −i·K·U, so K is the parameter's generator acting after the gate. For a
 * rotation exp(−iθG) it is G itself (X/2 for RX, |1⟩⟨1|⊗X/2 for CRX, …).
 */
function generatorAfter(program: Program, op: number, k: number): Float64Array {
  const gate = program.ops[op]!;
  const d = gate.dim;
  const derivative = baseDerivative(
    gate.base as BaseGate,
    gate.values,
    k,
    new Float64Array(2 * d * d),
  );
  const product = multiply(
    new Float64Array(2 * d * d),
    derivative,
    dagger(new Float64Array(2 * d * d), gate.matrix, d),
    d,
  );
  for (let i = 0; i < product.length; i += 2) {
    const re = product[i]!;
    product[i] = -product[i + 1]!;
    product[i + 1] = re;
  }
  return product;
}

/** out = K·φ for one gate parameter: zero where a control is 0, the generator on the targets. */
function applyGenerator(
  program: Program,
  param: { op: number; k: number },
  vectors: { phi: Float64Array; out: Float64Array },
): Float64Array {
  const gate = program.ops[param.op]!;
  const out = vectors.out;
  out.set(vectors.phi);
  const mask = gate.controlMask;
  if (mask !== 0) {
    for (let i = 0; i < out.length / 2; i++) {
      if ((i & mask) !== mask) {
        out[2 * i] = 0;
        out[2 * i + 1] = 0;
      }
    }
  }
  const matrix = generatorAfter(program, param.op, param.k);
  const kind = classifyMatrix(matrix, gate.dim);
  applyMatrixOp(out, program.numQubits, { ...gate, kind, matrix }, program.scratch);
  return out;
}

/** Re⟨a|b⟩ of two interleaved complex vectors. */
function realInner(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** out[a][b] += ∂θ_p/∂w_a · g · ∂θ_q/∂w_b for every weight a of parameter p and b of q. */
function addChainRule(
  out: Float64Array,
  entry: {
    p: MetricParameter;
    q: MetricParameter;
    g: number;
    env: Float64Array;
    numInputs: number;
  },
): void {
  const { p, q, g, env, numInputs } = entry;
  const numWeights = Math.round(Math.sqrt(out.length));
  for (const a of p.weightSymbols) {
    const da = p.expr.derivatives[a]!(env) * g;
    const row = (p.expr.symbols[a]! - numInputs) * numWeights;
    for (const b of q.weightSymbols) {
      const col = q.expr.symbols[b]! - numInputs;
      out[row + col] = out[row + col]! + da * q.expr.derivatives[b]!(env);
    }
  }
}

function checkApprox(approx: unknown): MetricApproximation {
  if (approx === 'block-diag' || approx === 'diag') return approx;
  throw new ValidationError(
    'INVALID_ARGUMENT',
    `metricTensor approx must be 'block-diag' or 'diag', got ${JSON.stringify(approx)}`,
    { scope: SCOPE },
  );
}

/**
 * Adds one row's block-diagonal metric, in weight coordinates and scaled by `scale`, into `out`.
 * Per layer, the state is prepared by the layer's gates and their ancestors; the gate-parameter
 * block is the covariance Re⟨K_iK_j⟩ − ⟨K_i⟩⟨K_j⟩ of the generators, and the chain rule through
 * the parameter expressions maps it to weights: out += scale · Jᵀ·G·J.
 */
function addRow(
  program: Program,
  context: {
    env: Float64Array;
    approx: MetricApproximation;
    scale: number;
    out: Float64Array;
    /** The state and one K·φ buffer per parameter of the widest layer, reused across rows. */
    buffers: Float64Array[];
  },
): void {
  const { env, approx, scale, out, buffers } = context;
  const numInputs = program.inputNames.length;
  const layers = planOf(program);
  program.bind(env);
  const phi = buffers[0]!;
  program.reset(phi);
  const applied = new Uint8Array(program.ops.length);
  for (const layer of layers) {
    for (let i = 0; i <= layer.last; i++) {
      if (applied[i] === 0 && layer.needed[i] === 1) {
        program.applyOp(phi, i);
        applied[i] = 1;
      }
    }
    const vectors = layer.params.map((p, i) =>
      applyGenerator(program, p, { phi, out: buffers[i + 1]! }),
    );
    const means = vectors.map((v) => realInner(phi, v));
    const params = layer.params;
    for (let i = 0; i < params.length; i++) {
      for (let j = i; j < params.length; j++) {
        if (approx === 'diag' && i !== j) continue;
        const g = realInner(vectors[i]!, vectors[j]!) - means[i]! * means[j]!;
        addChainRule(out, { p: params[i]!, q: params[j]!, g: g * scale, env, numInputs });
        if (i !== j)
          addChainRule(out, { p: params[j]!, q: params[i]!, g: g * scale, env, numInputs });
      }
    }
  }
}

/**
 * The Fubini–Study metric tensor of a circuit's state with respect to its weights, with
 * PennyLane's `metric_tensor` semantics for `approx: 'block-diag'` and `'diag'`: the trainable
 * gates are split into parameterised layers (gates that do not depend on each other); for each
 * layer, the block of its gate parameters is the covariance `Re⟨K_i K_j⟩ − ⟨K_i⟩⟨K_j⟩` of their
 * generators on the state prepared by the gates before it (evaluated just after the layer with
 * `K = i·(∂U/∂θ)·U†`, which is the same for every gate whose generator commutes with it, and
 * exact for `u`), and entries between layers are 0
 * (`diag` keeps only each parameter's variance). Gate parameters are then mapped to weights by
 * the chain rule (`Jᵀ·G·J` with `J` the Jacobian of the parameter expressions), as PennyLane maps
 * to QNode arguments. Within a block the value equals the exact metric
 * `Re[⟨∂_iψ|∂_jψ⟩ − ⟨∂_iψ|ψ⟩⟨ψ|∂_jψ⟩]`. Unlike PennyLane, a multi-parameter gate (`u`) is not
 * decomposed: its parameters form one block with their exact mutual entries.
 *
 * With `batchSize` rows of inputs, the result is the average of the rows' metrics. Returns a
 * `weights × weights` row-major matrix. Throws `SHAPE_MISMATCH`/`UNBOUND_PARAMETER` for bindings
 * of the wrong size and `INVALID_ARGUMENT` for an unknown approximation.
 *
 * @example
 * ```ts
 * const circuit = new Circuit(2).rx(0, 'a').cx(0, 1).ry(1, 'b');
 * const g = metricTensor(circuit, { weights: Float64Array.of(0.3, 0.1) }); // 2 × 2
 * ```
 */
export function metricTensor(
  circuit: Circuit | CircuitIR | CompiledCircuit,
  bindings: MetricTensorBindings,
  options: MetricTensorOptions = {},
): Float64Array {
  const approx = checkApprox(options.approx ?? 'block-diag');
  const compiled = circuit instanceof CompiledCircuit ? circuit : new CompiledCircuit(circuit);
  const batchSize = bindings.batchSize ?? 1;
  compiled.validateBatch({ ...bindings, batchSize, observables: [] });
  const program = compiled.program;
  const numInputs = program.inputNames.length;
  const numWeights = program.weightNames.length;
  const out = new Float64Array(numWeights * numWeights);
  const env = new Float64Array(program.envSize);
  const widest = Math.max(0, ...planOf(program).map((layer) => layer.params.length));
  const buffers = Array.from(
    { length: widest + 1 },
    () => new Float64Array(2 << program.numQubits),
  );
  if (bindings.weights !== undefined) env.set(bindings.weights, numInputs);
  for (let row = 0; row < batchSize; row++) {
    if (bindings.inputs !== undefined) {
      env.set(bindings.inputs.subarray(row * numInputs, (row + 1) * numInputs), 0);
    }
    addRow(program, { env, approx, scale: 1 / batchSize, out, buffers });
  }
  return out;
}
