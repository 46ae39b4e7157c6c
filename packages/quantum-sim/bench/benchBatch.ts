// The batch the training-step benches run: fixed inputs, weights and upstream gradients.
import type { Observable } from '@qstore/core';

/** What {@link benchBatch} reads of a compiled circuit. */
interface Shape {
  readonly inputNames: readonly string[];
  readonly weightNames: readonly string[];
}

/**
 * `batchSize` rows for a circuit of `compiled`'s shape: inputs cos(i), weights sin(i), upstream
 * sin(i + 1) (non-zero for one row too: sin(0) = 0 would make every gradient 0).
 */
export function benchBatch(compiled: Shape, batchSize: number, observables: Observable[]) {
  return {
    inputs: Float64Array.from({ length: batchSize * compiled.inputNames.length }, (_, i) =>
      Math.cos(i),
    ),
    weights: Float64Array.from({ length: compiled.weightNames.length }, (_, i) => Math.sin(i)),
    batchSize,
    observables,
    upstream: Float64Array.from({ length: batchSize * observables.length }, (_, i) =>
      Math.sin(i + 1),
    ),
  };
}
