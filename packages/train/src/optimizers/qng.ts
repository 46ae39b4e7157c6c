import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { checkNumber, invalidArgument } from '../internal/errors.js';
import { gradientOptimizer } from '../internal/optimizerBase.js';
import type { Layer } from '../layer.js';
import type { Model } from '../sequential.js';
import type { Optimizer } from './optimizer.js';

/** Options of {@link qng}. */
export interface QngOptions {
  /** Step size η. */
  lr: number;
  /** The model whose parameters the optimizer steps (its circuit layers give the metric). */
  model: Model;
  /** Tikhonov regularisation λ added to the metric's diagonal (> 0). @default 0.01 */
  lambda?: number;
  /** Metric approximation. @default 'block-diag' */
  approx?: 'block-diag' | 'diag';
}

/** Where a layer's parameters sit in the model's flat vector. */
function offsetIn(model: Model, layer: Layer): number {
  if (layer.params.buffer !== model.params.buffer) {
    throw invalidArgument(
      `qng: the parameters of ${layer.name} are not part of the model's vector`,
    );
  }
  return (layer.params.byteOffset - model.params.byteOffset) / Float64Array.BYTES_PER_ELEMENT;
}

/** Solves (G + λI)·x = g by Cholesky; G is the (positive semi-definite) metric block. */
function solveRegularised(metric: Float64Array, gradient: Float64Array, lambda: number) {
  const n = gradient.length;
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a.set(i, j, metric[i * n + j]! + (i === j ? lambda : 0));
  }
  const cholesky = new CholeskyDecomposition(a);
  if (!cholesky.isPositiveDefinite()) {
    throw invalidArgument('qng: the regularised metric is not positive definite (NaN parameters?)');
  }
  return cholesky.solve(Matrix.columnVector(Array.from(gradient))).getColumn(0);
}

/**
 * Quantum natural gradient (Stokes et al. 2020), as PennyLane's `QNGOptimizer`: the weights of
 * every circuit layer of `model` step along `(G + λI)⁻¹·∇L`, with `G` the layer's block-diagonal
 * (or diagonal) Fubini–Study metric tensor from `@qstore/quantum-sim`'s `metricTensor`; all other
 * parameters (dense layers) take a plain gradient-descent step `−η·∇L`. The metric depends on the
 * circuit's inputs, so for a batch it is the **average of the rows' metrics** over the rows of
 * the step's forward pass (the gradient is the batch-mean gradient, so both are per-row means).
 *
 * The trainer must run a training-mode forward pass before each step (it does); the state is
 * serialisable like every optimizer's (`getState`/`setState`: lr and step count). Throws
 * `INVALID_ARGUMENT` for `lambda ≤ 0` and when stepping another parameter vector than the
 * model's.
 *
 * @example
 * ```ts
 * const trainer = new QuantumTrainer({ model, loss: crossEntropy(), optimizer: qng({ lr: 0.05, model }) });
 * ```
 */
export function qng(options: QngOptions): Optimizer {
  const { model } = options;
  const lambda = checkNumber('qng lambda', options.lambda ?? 0.01, { min: 0, exclusiveMin: true });
  const approx = options.approx ?? 'block-diag';
  if (approx !== 'block-diag' && approx !== 'diag') {
    throw invalidArgument(`qng approx must be 'block-diag' or 'diag', got ${String(approx)}`);
  }
  const circuits = model.layers
    .filter((layer) => layer.metricTensor !== undefined && layer.params.length > 0)
    .map((layer) => ({ layer, offset: offsetIn(model, layer) }));
  return gradientOptimizer({
    name: 'qng',
    lr: options.lr,
    config: { lambda, approx },
    buffers: {},
    update({ params, grads, lr }) {
      if (params !== model.params) {
        throw invalidArgument('qng steps only the parameter vector of the model it was made for');
      }
      const natural = Float64Array.from(grads);
      for (const { layer, offset } of circuits) {
        const metric = layer.metricTensor!({ approx });
        const end = offset + layer.params.length;
        natural.set(solveRegularised(metric, grads.subarray(offset, end), lambda), offset);
      }
      for (let i = 0; i < params.length; i++) params[i] = params[i]! - lr * natural[i]!;
    },
  });
}
