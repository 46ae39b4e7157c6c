import { type Tensor, ValidationError } from '@qstore/core';
import { asImages, imageShape } from '../internal/images.js';
import { float64Tensor, requireInteger } from '../internal/matrix.js';

const SCOPE = 'data/pooling';

/** How {@link pool2d} pools. */
export interface Pool2dOptions {
  /** Window `[height, width]`, or one number for a square window. */
  size: number | readonly [number, number];
  /** Step between windows. @default the window size (non-overlapping) */
  stride?: number | readonly [number, number];
  /** `average` or `max` of each window. @default 'average' */
  mode?: 'average' | 'max';
}

function pair(value: number | readonly [number, number]): [number, number] {
  return typeof value === 'number' ? [value, value] : [value[0], value[1]];
}

/**
 * Average or max pooling of images `[n, h, w]` / `[n, h, w, c]` (DimensionReducer.pooling):
 * 28 × 28 with a 7 × 7 window gives 4 × 4 = 16 features. Windows that do not fit are dropped.
 */
export function pool2d(images: Tensor, options: Pool2dOptions): Tensor<'float64'> {
  const batch = asImages(images, SCOPE);
  const [ph, pw] = pair(options.size);
  const [sh, sw] = pair(options.stride ?? options.size);
  for (const [what, value] of [
    ['size', ph],
    ['size', pw],
    ['stride', sh],
    ['stride', sw],
  ] as const) {
    requireInteger(value, { min: 1 }, { scope: SCOPE, what });
  }
  if (ph > batch.height || pw > batch.width) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `size: a ${ph} × ${pw} window does not fit ${batch.height} × ${batch.width} images`,
      { scope: SCOPE },
    );
  }
  const outH = Math.floor((batch.height - ph) / sh) + 1;
  const outW = Math.floor((batch.width - pw) / sw) + 1;
  const { n, height, width, channels: c, data } = batch;
  const max = options.mode === 'max';
  const out = new Float64Array(n * outH * outW * c);
  let o = 0;
  for (let s = 0; s < n; s++) {
    const base = s * height * width * c;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ch = 0; ch < c; ch++) {
          let acc = max ? Number.NEGATIVE_INFINITY : 0;
          for (let y = oy * sh; y < oy * sh + ph; y++) {
            for (let x = ox * sw; x < ox * sw + pw; x++) {
              const v = data[base + (y * width + x) * c + ch]!;
              acc = max ? Math.max(acc, v) : acc + v;
            }
          }
          out[o++] = max ? acc : acc / (ph * pw);
        }
      }
    }
  }
  return float64Tensor(out, imageShape(batch, outH, outW));
}
