import type { VjpOptions } from './batchOptions.js';
import type { CompiledCircuit } from './compiledCircuit.js';

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
 * `compiled.vjp` keeping each row's weight gradient instead of their sum (the same as
 * `compiled.vjpRows(options)`). A caller that adds the rows up in row order gets the same bits
 * however the rows were split between threads (`ParallelCircuit.vjpRows` runs this in its
 * workers).
 */
export function vjpRows(compiled: CompiledCircuit, options: VjpOptions): RowGradients {
  return compiled.vjpRows(options);
}
