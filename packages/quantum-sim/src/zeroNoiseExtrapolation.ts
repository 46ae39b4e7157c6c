import { ValidationError } from '@qstore/core';
import { linearRegression } from 'simple-statistics';
import { Circuit } from './circuit.js';
import { SCOPE } from './internal/scope.js';

/**
 * Unitary folding for zero-noise extrapolation: a circuit equal to `circuit` whose gate count is
 * about `scale` times larger. Whole-circuit folds C·(C†·C)^k give odd scales; the remainder
 * folds the last gates one by one (G → G·G†·G).
 */
export function foldGates(circuit: Circuit, scale: number): Circuit {
  if (!(scale >= 1)) {
    throw new ValidationError('INVALID_ARGUMENT', `a folding scale must be ≥ 1, got ${scale}`, {
      scope: SCOPE,
    });
  }
  const d = circuit.operations.length;
  const k = Math.floor((scale - 1) / 2);
  const partial = Math.round(((scale - 1) / 2 - k) * d);
  let out = circuit;
  const inverse = circuit.inverse();
  for (let i = 0; i < k; i++) out = out.compose(inverse).compose(circuit);
  if (partial > 0) {
    const tail = new Circuit(circuit.numQubits, {
      inputs: circuit.inputs,
      weights: circuit.weights,
    });
    for (const op of circuit.operations.slice(d - partial)) tail.append(op);
    out = out.compose(tail.inverse()).compose(tail);
  }
  return out;
}

/** Options of {@link extrapolateToZero}. */
export interface ExtrapolateOptions {
  /** Noise scale factors (≥ 1). */
  readonly scales: readonly number[];
  /** The measured value at each scale. */
  readonly values: readonly number[];
  /** `linear`: least-squares line; `richardson`: the polynomial through all points. @default 'richardson' */
  readonly method?: 'linear' | 'richardson';
}

/** The value extrapolated to zero noise from values measured at several noise scales. */
export function extrapolateToZero(options: ExtrapolateOptions): number {
  const { scales, values } = options;
  if (
    scales.length !== values.length ||
    scales.length < 2 ||
    new Set(scales).size !== scales.length
  ) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      'extrapolation needs at least two distinct scales, one value each',
      { scope: SCOPE },
    );
  }
  if ((options.method ?? 'richardson') === 'linear') {
    return linearRegression(scales.map((s, i) => [s, values[i]!])).b;
  }
  // Lagrange interpolation evaluated at 0.
  return values.reduce((acc, y, i) => {
    let weight = 1;
    scales.forEach((s, j) => {
      if (j !== i) weight *= s / (s - scales[i]!);
    });
    return acc + y * weight;
  }, 0);
}
