import type { Rng, Tensor } from '@qstore/core';
import { createAugmentation } from './createAugmentation.js';

/** Options of the quantum-style augmentations: their strength and the random source. */
export interface QuantumAugmentationOptions {
  /** The random source (e.g. `createRng(seed)`). */
  rng: Rng;
}

/** Adds a uniform shift in `[-range, range]` to every angle-encoded feature (QuantumAugmentation.phaseShift). */
export function phaseShift(
  x: Tensor,
  options: QuantumAugmentationOptions & { range?: number },
): Tensor<'float64'> {
  return createAugmentation({ type: 'phaseShift', range: options.range ?? 0.1 })(x, options.rng);
}

/**
 * Adds Gaussian noise of std `level` to amplitude-encoded rows and rescales each row to its
 * original length, so unit-norm rows stay unit-norm (QuantumAugmentation.amplitudeNoise).
 */
export function amplitudeNoise(
  x: Tensor,
  options: QuantumAugmentationOptions & { level?: number },
): Tensor<'float64'> {
  return createAugmentation({ type: 'amplitudeNoise', level: options.level ?? 0.01 })(
    x,
    options.rng,
  );
}

/**
 * Rotates consecutive feature pairs by random angles in `[-range, range]` radians, a norm-preserving
 * change of an encoded state (QuantumAugmentation.randomRotation).
 */
export function randomRotation(
  x: Tensor,
  options: QuantumAugmentationOptions & { range?: number },
): Tensor<'float64'> {
  return createAugmentation({ type: 'randomRotation', range: options.range ?? 0.1 })(
    x,
    options.rng,
  );
}
