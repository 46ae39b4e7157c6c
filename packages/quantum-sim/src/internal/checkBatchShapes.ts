import { ValidationError } from '@qstore/core';
import type { BatchOptions } from '../batchOptions.js';
import { SCOPE } from './scope.js';

/** One parameter vector of a batch: there (unless none is expected) and of the expected length. */
function checkVector(
  name: string,
  values: Float64Array | undefined,
  expected: number,
  names: readonly string[],
): void {
  if (expected === 0) return;
  if (values === undefined) {
    throw new ValidationError(
      'UNBOUND_PARAMETER',
      `no ${name} given for parameters ${names.join(', ')}`,
      {
        scope: SCOPE,
      },
    );
  }
  if (values.length !== expected) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${name} has ${values.length} values, expected ${expected}`,
      {
        scope: SCOPE,
        details: { expected, actual: values.length },
      },
    );
  }
}

/**
 * Throws `UNBOUND_PARAMETER` or `SHAPE_MISMATCH` unless the batch gives `batchSize` rows of the
 * circuit's inputs and one vector of its weights.
 */
export function checkBatchShapes(
  options: BatchOptions,
  batchSize: number,
  circuit: { readonly inputNames: readonly string[]; readonly weightNames: readonly string[] },
): void {
  const { inputNames, weightNames } = circuit;
  checkVector('inputs', options.inputs, batchSize * inputNames.length, inputNames);
  checkVector('weights', options.weights, weightNames.length, weightNames);
}
