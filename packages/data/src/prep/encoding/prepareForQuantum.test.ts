import { createRng, fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Pca } from '../reduction/pca.js';
import { prepareForQuantum } from './prepareForQuantum.js';

const rng = createRng(7);
const images = tensor<'uint8'>(
  Uint8Array.from({ length: 40 * 6 * 6 }, () => rng.int(0, 256)),
  [40, 6, 6],
);

describe('prepareForQuantum', () => {
  it('should reduce images with PCA and amplitude-encode them, and prepare test data the same way', () => {
    const prepared = prepareForQuantum(images, { targetDim: 8, encoding: 'amplitude' });
    expect(prepared.nQubits).toBe(3);
    expect(prepared.data.shape).toEqual([40, 8]);
    expect(prepared.reducer?.outputDim).toBe(8);
    const again = prepared.apply(images);
    expect(again.data).toEqual(prepared.data.data);
  });

  it('should pad to the target and angle-encode into the declared range', () => {
    const prepared = prepareForQuantum(
      fromNested([
        [1, 2],
        [3, 5],
        [0, 1],
      ]),
      {
        targetDim: 3,
        encoding: 'angle',
        angleRange: 'symmetric',
      },
    );
    expect(prepared.data.shape).toEqual([3, 3]);
    for (const v of prepared.data.data as Float64Array) {
      expect(Math.abs(v)).toBeLessThanOrEqual(Math.PI);
    }
    expect(prepared.reducer).toBeUndefined();
  });

  it('should binarise scaled features for basis encoding', () => {
    const prepared = prepareForQuantum(
      fromNested([
        [0, 10],
        [1, 0],
        [0.2, 6],
      ]),
      {
        targetDim: 2,
        encoding: 'basis',
      },
    );
    expect(prepared.data.dtype).toBe('uint8');
    expect([...prepared.data.data]).toEqual([0, 1, 1, 0, 0, 1]);
  });

  it('should use a fitted reducer it is given', () => {
    const flat = tensor(Float64Array.from(images.data), [40, 36]);
    const reducer = Pca.fit(flat, { nComponents: 4 });
    const prepared = prepareForQuantum(images, { targetDim: 4, encoding: 'angle', reducer });
    expect(prepared.reducer).toBe(reducer);
  });

  it('should reject a target larger than the register and a mismatched reducer', async () => {
    await expectQStoreError(
      () => prepareForQuantum(images, { targetDim: 20, encoding: 'amplitude', nQubits: 4 }),
      'INVALID_ARGUMENT',
      /larger than 4 qubits hold/,
    );
    await expectQStoreError(
      () => prepareForQuantum(images, { targetDim: 5, encoding: 'angle', nQubits: 4 }),
      'INVALID_ARGUMENT',
    );
    const reducer = Pca.fit(
      fromNested([
        [1, 2, 3],
        [2, 0, 1],
        [5, 5, 0],
      ]),
      { nComponents: 2 },
    );
    await expectQStoreError(
      () => prepareForQuantum(images, { targetDim: 2, encoding: 'angle', reducer }),
      'INVALID_ARGUMENT',
      /reducer/,
    );
    await expectQStoreError(
      () => prepareForQuantum(fromNested([1, 2]), { targetDim: 1, encoding: 'angle' }),
      'SHAPE_MISMATCH',
    );
  });
});
