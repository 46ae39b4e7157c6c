import type { Tensor } from '@qstore/core';

/**
 * A fitted map from `[samples, features]` to `[samples, outputDim]`. {@link Pca} is one; a trained
 * autoencoder (from `@qstore/train`) or any third-party reducer plugs in through the same shape,
 * e.g. as the `reducer` option of `prepareForQuantum`.
 */
export interface DimensionReducer {
  /** A short name for lineage records, e.g. `"pca"` or `"autoencoder"`. */
  readonly name: string;
  /** The number of features it was fitted on. */
  readonly nFeatures: number;
  /** The number of features it produces. */
  readonly outputDim: number;
  /** Maps `x` ([samples, nFeatures]) to `[samples, outputDim]`. */
  transform(x: Tensor): Tensor<'float64'>;
}
