import { Buffer } from 'node:buffer';
import { createRng, fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { amplitudeEncode } from '../encoding/amplitudeEncode.js';
import { QuantumDataGenerator } from '../generators/quantumDataGenerator.js';
import type { AugmentationStep } from './augmentationConfig.js';
import { augment, augmentationTransform, createAugmentation } from './createAugmentation.js';
import { createHybridAugmentation } from './hybridAugmentation.js';
import { amplitudeNoise, phaseShift, randomRotation } from './quantumAugmentation.js';

const rng0 = createRng(11);
const images = tensor<'float32'>(
  Float32Array.from({ length: 8 * 6 * 6 }, () => rng0.next()),
  [8, 6, 6],
);
const bytes = (t: { data: Float64Array }) =>
  Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength);

const everything: AugmentationStep = {
  type: 'compose',
  steps: [
    { type: 'horizontalFlip', p: 0.5 },
    {
      type: 'oneOf',
      steps: [
        { type: 'rotate', limit: 20 },
        { type: 'shift', limit: 0.2 },
        { type: 'crop', scale: [0.5, 0.9] },
      ],
    },
    { type: 'brightnessContrast', brightness: 0.1, contrast: 0.2, p: 0.8 },
    { type: 'gaussianNoise', std: 0.05, p: 0.5 },
    { type: 'cutout', holes: 2, size: 0.3, p: 0.5 },
    { type: 'verticalFlip', p: 0.2 },
  ],
};

describe('createAugmentation', () => {
  it('should give byte-identical output for the same seed and different output for another', () => {
    const pipeline = createAugmentation(everything);
    const a = augment(images, pipeline, 'seed');
    const b = augment(images, pipeline, 'seed');
    expect(bytes(a).equals(bytes(b))).toBe(true);
    expect(bytes(a).equals(bytes(augment(images, pipeline, 'other')))).toBe(false);
    expect(a.shape).toEqual([8, 6, 6]);
  });

  it('should flip exactly and leave input untouched', () => {
    const one = tensor(new Float64Array([1, 2, 3, 4, 5, 6]), [1, 2, 3]);
    expect([...augment(one, createAugmentation({ type: 'horizontalFlip' }), 0).data]).toEqual([
      3, 2, 1, 6, 5, 4,
    ]);
    expect([...augment(one, createAugmentation({ type: 'verticalFlip' }), 0).data]).toEqual([
      4, 5, 6, 1, 2, 3,
    ]);
    expect([...one.data]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should apply a step with p = 0 never and with p = 1 always', () => {
    const never = augment(images, createAugmentation({ type: 'gaussianNoise', std: 1, p: 0 }), 1);
    expect([...never.data]).toEqual([...images.data]);
    const always = augment(images, createAugmentation({ type: 'cutout', size: 0.5, fill: -1 }), 1);
    for (let s = 0; s < 8; s++) {
      expect(
        always.data.subarray(s * 36, (s + 1) * 36).filter((v) => v === -1).length,
      ).toBeGreaterThan(0);
    }
  });

  it('should rotate by 0 degrees as the identity and keep the mean under a full crop', () => {
    const still = augment(images, createAugmentation({ type: 'rotate', limit: 0 }), 2);
    for (const [i, v] of still.data.entries()) expect(v).toBeCloseTo(images.data[i]!, 6);
    const full = augment(images, createAugmentation({ type: 'crop', scale: [1, 1] }), 2);
    for (const [i, v] of full.data.entries()) expect(v).toBeCloseTo(images.data[i]!, 6);
  });

  it('should reject bad configs and image steps on feature rows', async () => {
    await expectQStoreError(
      () => createAugmentation({ type: 'rotate', limit: 20, p: 2 }),
      'INVALID_CONFIG',
      /p/,
    );
    await expectQStoreError(() => createAugmentation({ type: 'blur' } as never), 'INVALID_CONFIG');
    await expectQStoreError(
      () => createAugmentation({ type: 'oneOf', steps: [] }),
      'INVALID_CONFIG',
    );
    await expectQStoreError(
      () => augment(fromNested([[1, 2]]), createAugmentation({ type: 'horizontalFlip' }), 0),
      'SHAPE_MISMATCH',
    );
  });
});

describe('quantum-style augmentation', () => {
  const encoded = amplitudeEncode(
    tensor(
      Float64Array.from({ length: 40 }, (_, i) => Math.sin(i) + 1.5),
      [5, 8],
    ),
  );

  it('should keep amplitude-encoded rows at unit norm', () => {
    for (const out of [
      amplitudeNoise(encoded, { level: 0.05, rng: createRng(1) }),
      randomRotation(encoded, { range: 0.3, rng: createRng(1) }),
    ]) {
      for (let r = 0; r < 5; r++) {
        const norm = Math.hypot(...out.data.subarray(r * 8, (r + 1) * 8));
        expect(Math.abs(norm - 1)).toBeLessThanOrEqual(1e-12);
      }
      expect([...out.data]).not.toEqual([...encoded.data]);
    }
  });

  it('should shift angles by at most the range, reproducibly', () => {
    const angles = fromNested([[0.5, 1, 1.5]]);
    const shifted = phaseShift(angles, { range: 0.1, rng: createRng(4) });
    for (const [i, v] of shifted.data.entries()) {
      expect(Math.abs(v - angles.data[i]!)).toBeLessThanOrEqual(0.1);
    }
    expect(phaseShift(angles, { range: 0.1, rng: createRng(4) }).data).toEqual(shifted.data);
  });
});

describe('createHybridAugmentation', () => {
  it('should augment images, encode them, then augment the encoded features, reproducibly', () => {
    const hybrid = createHybridAugmentation({
      classical: { type: 'horizontalFlip' },
      quantum: { type: 'amplitudeNoise', level: 0.01 },
      encode: (t) => amplitudeEncode({ ...t, shape: [t.shape[0]!, 36] }),
    });
    const a = augment(images, hybrid, 5);
    expect(a.shape).toEqual([8, 64]);
    expect(bytes(a).equals(bytes(augment(images, hybrid, 5)))).toBe(true);
    const flatOnly = augment(
      images,
      createHybridAugmentation({ classical: { type: 'horizontalFlip' } }),
      5,
    );
    expect(flatOnly.shape).toEqual([8, 36]);
  });

  it('should plug into a generator as a per-batch transform', async () => {
    const make = () =>
      new QuantumDataGenerator({
        x: images,
        batchSize: 3,
        seed: 8,
        transforms: [augmentationTransform(createAugmentation(everything))],
      });
    const first: number[][] = [];
    for await (const batch of make()) first.push([...(batch.x.data as Float64Array)]);
    const second: number[][] = [];
    for await (const batch of make()) second.push([...(batch.x.data as Float64Array)]);
    expect(first).toEqual(second);
    expect(first.length).toBe(3);
  });
});
