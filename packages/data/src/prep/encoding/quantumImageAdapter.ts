import { reshape, type Seed, type Tensor, ValidationError } from '@qstore/core';
import { asImages } from '../internal/images.js';
import { float64Tensor, numericData, requireInteger } from '../internal/matrix.js';
import { Pca } from '../reduction/pca.js';
import { type Pool2dOptions, pool2d } from '../reduction/pool2d.js';
import { type ResizeOptions, resizeImages } from '../reduction/resizeImages.js';

const SCOPE = 'data/images';

/** How {@link flattenAndNormalize} scales pixels. */
export interface FlattenOptions {
  /** The pixel range after scaling. @default [0, 1] */
  range?: readonly [number, number];
}

/**
 * Images `[n, ...]` to `[n, pixels]` scaled into `range`: uint8 pixels by their full 0–255 scale,
 * other dtypes by the batch's own minimum and maximum (one scale for every pixel, so images keep
 * their contrast relative to each other).
 */
export function flattenAndNormalize(
  images: Tensor,
  options: FlattenOptions = {},
): Tensor<'float64'> {
  const [low, high] = options.range ?? [0, 1];
  const data = numericData(images, { scope: SCOPE, what: 'images' });
  if (images.shape.length < 2) {
    throw new ValidationError('SHAPE_MISMATCH', 'images: expected [n, ...pixels]', {
      scope: SCOPE,
    });
  }
  let min = 0;
  let max = 255;
  if (images.dtype !== 'uint8') {
    min = Number.POSITIVE_INFINITY;
    max = Number.NEGATIVE_INFINITY;
    for (const v of data) {
      if (!Number.isFinite(v)) {
        throw new ValidationError('NON_FINITE', 'images: expected finite pixel values', {
          scope: SCOPE,
        });
      }
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
  }
  const span = max - min || 1;
  const out = Float64Array.from(data, (v) => low + ((v - min) / span) * (high - low));
  return reshape(float64Tensor(out, [out.length]), [images.shape[0]!, -1]);
}

/**
 * Resizes single-channel images to `2^⌈q/2⌉ × 2^⌊q/2⌋` pixels, the 2^q amplitudes of `nQubits`
 * qubits (16 × 16 for 8 qubits), by area averaging when shrinking.
 */
export function resizeForQubits(
  images: Tensor,
  options: { nQubits: number; method?: ResizeOptions['method'] },
): Tensor<'float64'> {
  requireInteger(options.nQubits, { min: 1, max: 30 }, { scope: SCOPE, what: 'nQubits' });
  if (asImages(images, SCOPE).channels !== 1) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      'images: expected one channel; convert to grayscale first',
      {
        scope: SCOPE,
      },
    );
  }
  const height = 2 ** Math.ceil(options.nQubits / 2);
  const width = 2 ** Math.floor(options.nQubits / 2);
  return resizeImages(images, {
    height,
    width,
    ...(options.method ? { method: options.method } : {}),
  });
}

/** How {@link extractFeatures} turns images into feature rows. */
export type ExtractFeaturesOptions =
  | { method: 'pca'; nComponents: number; seed?: Seed }
  | ({ method: 'pool' } & Pool2dOptions)
  | { method: 'resize'; height: number; width: number; interpolation?: ResizeOptions['method'] };

/**
 * Images to `[n, features]` rows by PCA over the pixels, pooling, or resizing; returns the fitted
 * PCA as well for the `pca` method so test images get the same projection.
 */
export function extractFeatures(
  images: Tensor,
  options: ExtractFeaturesOptions,
): { features: Tensor<'float64'>; pca?: Pca } {
  asImages(images, SCOPE);
  const flat = <T extends Tensor>(t: T): T => reshape(t, [t.shape[0]!, -1]) as T;
  if (options.method === 'pca') {
    const model = Pca.fit(flat(images), {
      nComponents: options.nComponents,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    return { features: model.transform(flat(images)), pca: model };
  }
  if (options.method === 'pool') return { features: flat(pool2d(images, options)) };
  const { height, width, interpolation } = options;
  return {
    features: flat(
      resizeImages(images, { height, width, ...(interpolation ? { method: interpolation } : {}) }),
    ),
  };
}
