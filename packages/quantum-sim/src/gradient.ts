import type { Observable, Seed } from '@qstore/core';
import { createRng, ValidationError } from '@qstore/core';
import type { CompiledCircuit } from './compiledCircuit.js';
import { compileObservable, expectation } from './internal/pauliTerms.js';
import { SCOPE } from './internal/scope.js';
import { shiftRule } from './shiftRule.js';

/** How a gradient is computed. */
export type GradientMethod = 'adjoint' | 'parameter-shift' | 'finite-difference' | 'spsa';

/** Options of {@link gradient}. */
export interface GradientOptions {
  /** @default 'adjoint' */
  readonly method?: GradientMethod;
  /** One input row. */
  readonly inputs?: Float64Array;
  readonly weights?: Float64Array;
  readonly observables: readonly Observable[];
  /** Weights of the observables in the scalar `value = Σ upstream_k ⟨O_k⟩`. @default all 1 */
  readonly upstream?: Float64Array;
  /** Step of central finite differences. @default 1e-6 */
  readonly step?: number;
  /** Perturbation size of SPSA. @default 0.01 */
  readonly perturbation?: number;
  /** Number of SPSA estimates averaged. @default 1 */
  readonly samples?: number;
  /** Seed of SPSA's random directions. @default 0 */
  readonly seed?: Seed;
}

/** A scalar and its gradient with respect to every weight and every input. */
export interface GradientResult {
  readonly value: number;
  readonly weights: Float64Array;
  readonly inputs: Float64Array;
}

/**
 * The gradient of `Σ upstream_k ⟨O_k⟩` for one input row. `adjoint` is exact and costs about
 * three forward passes; `parameter-shift` is exact and costs two (four for controlled rotations)
 * passes per gate parameter, as on hardware; `finite-difference` and `spsa` are estimates.
 */
export function gradient(circuit: CompiledCircuit, options: GradientOptions): GradientResult {
  const method = options.method ?? 'adjoint';
  const numObs = options.observables.length;
  const upstream = options.upstream ?? new Float64Array(numObs).fill(1);
  const batch = {
    inputs: options.inputs,
    weights: options.weights,
    observables: options.observables,
  };
  if (method === 'adjoint') {
    const result = circuit.vjp({ ...batch, upstream });
    const value = result.expectations.reduce((acc, e, k) => acc + e * upstream[k]!, 0);
    return { value, weights: result.weightGradient, inputs: result.inputGradient };
  }
  const value = circuit.expectations(batch).reduce((acc, e, k) => acc + e * upstream[k]!, 0);
  const program = circuit.program;
  const numInputs = program.inputNames.length;
  const env = new Float64Array(program.envSize);
  if (options.inputs !== undefined) env.set(options.inputs, 0);
  if (options.weights !== undefined) env.set(options.weights, numInputs);
  const terms = options.observables.map((o) => compileObservable(o, program.numQubits));
  const state = new Float64Array(2 << program.numQubits);
  const loss = (): number => {
    program.runFromZero(state);
    return terms.reduce(
      (acc, t, k) => acc + upstream[k]! * expectation(state, 1 << program.numQubits, t),
      0,
    );
  };
  const lossAt = (values: Float64Array): number => {
    program.bind(values);
    return loss();
  };
  const envGradient = new Float64Array(env.length);
  if (method === 'finite-difference') {
    const h = options.step ?? 1e-6;
    const shifted = env.slice();
    for (let s = 0; s < env.length; s++) {
      shifted[s] = env[s]! + h;
      const plus = lossAt(shifted);
      shifted[s] = env[s]! - h;
      envGradient[s] = (plus - lossAt(shifted)) / (2 * h);
      shifted[s] = env[s]!;
    }
  } else if (method === 'spsa') {
    const c = options.perturbation ?? 0.01;
    const samples = options.samples ?? 1;
    const rng = createRng(options.seed ?? 0);
    const plus = env.slice();
    const minus = env.slice();
    const delta = new Float64Array(env.length);
    for (let k = 0; k < samples; k++) {
      for (let s = 0; s < env.length; s++) {
        delta[s] = rng.next() < 0.5 ? -1 : 1;
        plus[s] = env[s]! + c * delta[s]!;
        minus[s] = env[s]! - c * delta[s]!;
      }
      const diff = (lossAt(plus) - lossAt(minus)) / (2 * c * samples);
      for (let s = 0; s < env.length; s++) envGradient[s] = envGradient[s]! + diff / delta[s]!;
    }
  } else if (method === 'parameter-shift') {
    program.bind(env);
    program.ops.forEach((op, i) => {
      op.exprs.forEach((expr, k) => {
        if (expr.symbols.length === 0) return;
        const theta = op.values[k]!;
        let d = 0;
        for (const { shift, coefficient } of shiftRule(op.gate)) {
          program.setGateParameter(i, k, theta + shift);
          const plus = loss();
          program.setGateParameter(i, k, theta - shift);
          d += coefficient * (plus - loss());
        }
        program.setGateParameter(i, k, theta);
        expr.symbols.forEach((s, j) => {
          envGradient[s] = envGradient[s]! + d * expr.derivatives[j]!(env);
        });
      });
    });
  } else {
    throw new ValidationError('INVALID_ARGUMENT', `unknown gradient method "${String(method)}"`, {
      scope: SCOPE,
    });
  }
  return { value, weights: envGradient.slice(numInputs), inputs: envGradient.slice(0, numInputs) };
}
