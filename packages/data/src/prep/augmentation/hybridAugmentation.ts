import { reshape, type Tensor } from '@qstore/core';
import { float64Tensor, numericData } from '../internal/matrix.js';
import type { AugmentationStep } from './augmentationConfig.js';
import { type Augmentation, createAugmentation } from './createAugmentation.js';

/** The two halves of a {@link createHybridAugmentation}. */
export interface HybridAugmentationOptions {
  /** Image steps applied first, on `[n, h, w(, c)]`. */
  classical?: AugmentationStep;
  /** Quantum-style steps applied to the features afterwards. */
  quantum?: AugmentationStep;
  /**
   * Turns the augmented images into the features the quantum steps see (e.g. a fitted PCA then
   * amplitude encoding). @default flattening each image to one row
   */
  encode?: (images: Tensor) => Tensor;
}

/**
 * HybridAugmentation: classical image augmentation, then encoding, then quantum-style augmentation
 * of the encoded features; one rng drives both, so a seed reproduces the whole chain.
 */
export function createHybridAugmentation(options: HybridAugmentationOptions): Augmentation {
  const classical =
    options.classical === undefined ? undefined : createAugmentation(options.classical);
  const quantum = options.quantum === undefined ? undefined : createAugmentation(options.quantum);
  const encode = options.encode ?? ((images: Tensor) => reshape(images, [images.shape[0]!, -1]));
  return (x, rng) => {
    const images = classical === undefined ? x : classical(x, rng);
    const features = encode(images);
    if (quantum !== undefined) return quantum(features, rng);
    const data = Float64Array.from(
      numericData(features, { scope: 'data/augmentation', what: 'features' }),
    );
    return float64Tensor(data, features.shape);
  };
}
