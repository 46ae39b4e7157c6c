import type { CircuitIR } from '@qstore/core';
import { CompiledCircuit, metricTensor } from '@qstore/quantum-sim';
import type { Layer } from '../layer.js';
import { invalidArgument } from './errors.js';

/**
 * The layer with a `metricTensor` method: it remembers the inputs of its last training-mode
 * forward pass (the circuit's per-row inputs) and returns the block-diagonal Fubini–Study metric
 * of its weights, averaged over those rows, from `@qstore/quantum-sim`'s `metricTensor`.
 */
export function withMetricTensor(layer: Layer, circuit: CircuitIR): Layer {
  let batch: { input: Float64Array; batchSize: number } | undefined;
  let compiled: CompiledCircuit | undefined;
  return {
    ...layer,
    forward(input, batchSize, context) {
      batch = context.training ? { input, batchSize } : undefined;
      return layer.forward(input, batchSize, context);
    },
    metricTensor({ approx }) {
      if (batch === undefined) {
        throw invalidArgument(
          `${layer.name}: the metric tensor needs a forward pass in training mode first`,
        );
      }
      compiled ??= new CompiledCircuit(circuit);
      return metricTensor(
        compiled,
        { inputs: batch.input, weights: layer.params, batchSize: batch.batchSize },
        { approx },
      );
    },
  };
}
