import { tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { pool2d } from './pool2d.js';
import { resizeImages } from './resizeImages.js';

// One 4 × 4 image with values 0 … 15.
const image = tensor(
  Uint8Array.from({ length: 16 }, (_, i) => i),
  [1, 4, 4],
);

describe('pool2d', () => {
  it('should average and max-pool non-overlapping windows', () => {
    expect([...pool2d(image, { size: 2 }).data]).toEqual([2.5, 4.5, 10.5, 12.5]);
    const max = pool2d(image, { size: 2, mode: 'max' });
    expect(max.shape).toEqual([1, 2, 2]);
    expect([...max.data]).toEqual([5, 7, 13, 15]);
  });

  it('should pool overlapping windows per channel', () => {
    const rgb = tensor(
      Float32Array.from({ length: 18 }, (_, i) => i),
      [1, 3, 3, 2],
    );
    const out = pool2d(rgb, { size: [2, 2], stride: 1 });
    expect(out.shape).toEqual([1, 2, 2, 2]);
    // Channel 0 of the top-left window holds pixels 0, 2, 6, 8.
    expect(out.data[0]).toBe(4);
    expect(out.data[1]).toBe(5);
  });

  it('should reject a bad rank or a window larger than the image', async () => {
    await expectQStoreError(
      () => pool2d(tensor(new Float64Array(4), [4]), { size: 2 }),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(() => pool2d(image, { size: 5 }), 'INVALID_ARGUMENT', /does not fit/);
    await expectQStoreError(() => pool2d(image, { size: 0 }), 'INVALID_ARGUMENT');
  });
});

describe('resizeImages', () => {
  it('should shrink by area averaging like average pooling', () => {
    const out = resizeImages(image, { height: 2, width: 2 });
    expect([...out.data]).toEqual([...pool2d(image, { size: 2 }).data]);
  });

  it('should enlarge bilinearly with half-pixel centres', () => {
    const ramp = tensor(new Float64Array([0, 1]), [1, 1, 2]);
    expect([...resizeImages(ramp, { height: 1, width: 4 }).data]).toEqual([0, 0.25, 0.75, 1]);
    expect([...resizeImages(ramp, { height: 1, width: 4, method: 'nearest' }).data]).toEqual([
      0, 0, 1, 1,
    ]);
  });

  it('should shrink a non-integer factor keeping the mean', () => {
    const out = resizeImages(image, { height: 3, width: 3, method: 'area' });
    const mean = out.data.reduce((s, v) => s + v, 0) / 9;
    expect(mean).toBeCloseTo(7.5, 12);
  });

  it('should reject a bad size', async () => {
    await expectQStoreError(() => resizeImages(image, { height: 0, width: 2 }), 'INVALID_ARGUMENT');
  });
});
