import { createRng, type Rng, type Seed, type Tensor } from '@qstore/core';
import type { BatchTransform } from '../generators/quantumDataGenerator.js';
import { float64Tensor, numericData } from '../internal/matrix.js';
import { type AugmentationStep, parseAugmentationStep } from './augmentationConfig.js';
import {
  brightnessContrastKernel,
  cropKernel,
  cutoutKernel,
  flipKernel,
  gaussianNoiseKernel,
  rotateKernel,
  shiftKernel,
} from './kernels/imageKernels.js';
import {
  amplitudeNoiseKernel,
  phaseShiftKernel,
  randomRotationKernel,
} from './kernels/quantumKernels.js';
import type { SampleKernel, SampleLayout } from './kernels/sampleKernel.js';

/**
 * An augmentation: a new float64 tensor with every sample of `x` transformed, drawing from `rng`.
 * The same input and rng state give byte-identical output.
 */
export type Augmentation = (x: Tensor, rng: Rng) => Tensor<'float64'>;

function kernelFor(step: AugmentationStep): SampleKernel {
  switch (step.type) {
    case 'horizontalFlip':
      return flipKernel('horizontal');
    case 'verticalFlip':
      return flipKernel('vertical');
    case 'rotate':
      return rotateKernel(step.limit);
    case 'shift':
      return shiftKernel(step.limit);
    case 'crop':
      return cropKernel(step.scale);
    case 'brightnessContrast':
      return brightnessContrastKernel(step.brightness ?? 0.2, step.contrast ?? 0.2);
    case 'gaussianNoise':
      return gaussianNoiseKernel(step.std);
    case 'cutout':
      return cutoutKernel(step.holes ?? 1, step.size, step.fill ?? 0);
    case 'phaseShift':
      return phaseShiftKernel(step.range);
    case 'amplitudeNoise':
      return amplitudeNoiseKernel(step.level);
    case 'randomRotation':
      return randomRotationKernel(step.range);
    case 'compose': {
      const kernels = step.steps.map(withProbability);
      return (sample, layout, rng) => {
        for (const kernel of kernels) kernel(sample, layout, rng);
      };
    }
    case 'oneOf': {
      const kernels = step.steps.map(withProbability);
      return (sample, layout, rng) => rng.choice(kernels)(sample, layout, rng);
    }
  }
}

function withProbability(step: AugmentationStep): SampleKernel {
  const kernel = kernelFor(step);
  const p = step.p ?? 1;
  // One draw per step and sample, whatever p is, so changing one p never shifts the others' draws.
  return (sample, layout, rng) => {
    if (rng.next() < p) kernel(sample, layout, rng);
  };
}

function layoutOf(x: Tensor): SampleLayout {
  const [, h = 1, w = 1, c = 1] = x.shape;
  const isImage = x.shape.length === 3 || x.shape.length === 4;
  const features = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return isImage
    ? { height: h, width: w, channels: c, isImage }
    : { height: 1, width: features, channels: 1, isImage };
}

/**
 * Builds an augmentation from a declarative config (validated: bad configs throw `INVALID_CONFIG`).
 * Image steps need `[n, h, w]` / `[n, h, w, c]` input (else `SHAPE_MISMATCH`); quantum-style steps
 * (`phaseShift`, `amplitudeNoise`, `randomRotation`) work on any sample, e.g. encoded feature rows.
 */
export function createAugmentation(config: AugmentationStep): Augmentation {
  const kernel = withProbability(parseAugmentationStep(config));
  return (x, rng) => {
    const data = Float64Array.from(numericData(x, { scope: 'data/augmentation', what: 'x' }));
    const n = x.shape[0] ?? 1;
    const size = n === 0 ? 0 : data.length / n;
    const layout = layoutOf(x);
    for (let s = 0; s < n; s++) kernel(data.subarray(s * size, (s + 1) * size), layout, rng);
    return float64Tensor(data, x.shape);
  };
}

/** Runs an augmentation with a fresh generator from `seed` (same seed, byte-identical output). */
export function augment(x: Tensor, augmentation: Augmentation, seed: Seed): Tensor<'float64'> {
  return augmentation(x, createRng(seed));
}

/** An augmentation as a {@link BatchTransform} of `QuantumDataGenerator` (augments `batch.x`). */
export function augmentationTransform(augmentation: Augmentation): BatchTransform {
  return (batch, { rng }) => ({ ...batch, x: augmentation(batch.x, rng) });
}
