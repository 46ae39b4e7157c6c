import { ValidationError } from '@qstore/core';
import type { CompiledCircuit, VjpOptions } from './compiledCircuit.js';
import { SCOPE } from './internal/scope.js';

/** {@link vjpRows}' result: like `BatchGradient`, with the weight gradient of every row kept. */
export interface RowGradients {
  /** `batchSize × observables.length`. */
  readonly expectations: Float64Array;
  /** `batchSize × weightNames.length`: row r's ∂loss/∂weights at `r · weightNames.length`. */
  readonly weightGradients: Float64Array;
  /** `batchSize × inputNames.length`. */
  readonly inputGradient: Float64Array;
}

/**
 * `compiled.vjp` one row at a time, keeping each row's weight gradient instead of their sum. A
 * caller that adds the rows up in row order gets the same bits however the rows were split
 * between threads (`ParallelCircuit.vjpRows` runs this in its workers).
 */
export function vjpRows(compiled: CompiledCircuit, options: VjpOptions): RowGradients {
  compiled.validateBatch(options);
  const batchSize = options.batchSize ?? 1;
  const numObs = options.observables.length;
  const numInputs = compiled.inputNames.length;
  const numWeights = compiled.weightNames.length;
  if (options.upstream.length !== batchSize * numObs) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `upstream has ${options.upstream.length} values, expected ${batchSize * numObs}`,
      { scope: SCOPE },
    );
  }
  const expectations = new Float64Array(batchSize * numObs);
  const weightGradients = new Float64Array(batchSize * numWeights);
  const inputGradient = new Float64Array(batchSize * numInputs);
  for (let row = 0; row < batchSize; row++) {
    const result = compiled.vjp({
      inputs: options.inputs?.subarray(row * numInputs, (row + 1) * numInputs),
      weights: options.weights,
      batchSize: 1,
      observables: options.observables,
      upstream: options.upstream.subarray(row * numObs, (row + 1) * numObs),
      signal: options.signal,
    });
    expectations.set(result.expectations, row * numObs);
    weightGradients.set(result.weightGradient, row * numWeights);
    inputGradient.set(result.inputGradient, row * numInputs);
  }
  return { expectations, weightGradients, inputGradient };
}
