import type { Tensor } from '@qstore/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { AugmentationStep } from '../augmentation/augmentationConfig.js';
import type { DimensionReducer } from './dimensionReducer.js';
import type { Pca } from './pca.js';

describe('preparing contracts', () => {
  it('should let Pca and any third-party reducer stand in for a DimensionReducer', () => {
    expectTypeOf<Pca>().toExtend<DimensionReducer>();
    const autoencoder = {
      name: 'autoencoder',
      nFeatures: 784,
      outputDim: 16,
      transform: (x: Tensor) => x as Tensor<'float64'>,
    };
    expectTypeOf(autoencoder).toExtend<DimensionReducer>();
  });

  it('should type augmentation configs by step', () => {
    expectTypeOf({ type: 'rotate', limit: 15, p: 0.5 } as const).toExtend<AugmentationStep>();
    expectTypeOf({ type: 'rotate' } as const).not.toExtend<AugmentationStep>();
  });
});
