import { tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { extractFeatures, flattenAndNormalize, resizeForQubits } from './quantumImageAdapter.js';

const images = tensor(
  Uint8Array.from({ length: 3 * 8 * 8 }, (_, i) => (i * 37) % 256),
  [3, 8, 8],
);

describe('QuantumImageAdapter', () => {
  it('should flatten uint8 images by the 0–255 scale and others by their own range', () => {
    const flat = flattenAndNormalize(images);
    expect(flat.shape).toEqual([3, 64]);
    expect(flat.data[1]).toBeCloseTo(37 / 255, 15);
    const floats = flattenAndNormalize(tensor(new Float32Array([2, 4, 6, 10]), [2, 2]), {
      range: [-1, 1],
    });
    expect([...floats.data]).toEqual([-1, -0.5, 0, 1]);
  });

  it('should resize to the amplitude grid of a qubit count', () => {
    expect(resizeForQubits(images, { nQubits: 4 }).shape).toEqual([3, 4, 4]);
    expect(resizeForQubits(images, { nQubits: 5 }).shape).toEqual([3, 8, 4]);
  });

  it('should extract features by pca, pooling or resizing', () => {
    const viaPca = extractFeatures(images, { method: 'pca', nComponents: 2 });
    expect(viaPca.features.shape).toEqual([3, 2]);
    expect(viaPca.pca?.outputDim).toBe(2);
    expect(extractFeatures(images, { method: 'pool', size: 4 }).features.shape).toEqual([3, 4]);
    expect(
      extractFeatures(images, { method: 'resize', height: 2, width: 3 }).features.shape,
    ).toEqual([3, 6]);
  });

  it('should reject colour images for qubit resizing and non-finite pixels', async () => {
    const rgb = tensor(new Uint8Array(2 * 4 * 4 * 3), [2, 4, 4, 3]);
    await expectQStoreError(
      () => resizeForQubits(rgb, { nQubits: 2 }),
      'SHAPE_MISMATCH',
      /grayscale/,
    );
    await expectQStoreError(
      () => flattenAndNormalize(tensor(new Float64Array([Number.NaN, 1]), [1, 2])),
      'NON_FINITE',
    );
    await expectQStoreError(() => resizeForQubits(images, { nQubits: 0 }), 'INVALID_ARGUMENT');
  });
});
