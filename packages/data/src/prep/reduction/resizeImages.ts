import type { Tensor } from '@qstore/core';
import { asImages, imageShape } from '../internal/images.js';
import { float64Tensor, requireInteger } from '../internal/matrix.js';

const SCOPE = 'data/resize';

/** How {@link resizeImages} resamples. */
export interface ResizeOptions {
  /** The new height in pixels. */
  height: number;
  /** The new width in pixels. */
  width: number;
  /**
   * `bilinear` (half-pixel centres, as PIL and OpenCV), `nearest`, or `area` (the mean of the
   * source pixels each target pixel covers; best for shrinking).
   * @default 'area' when shrinking both axes, else 'bilinear'
   */
  method?: 'bilinear' | 'nearest' | 'area';
}

/** Overlap weights of target cell `t` of `size` cells with the source cells (area method). */
function coverage(target: number, from: number, to: number): Array<[number, number]> {
  const scale = from / to;
  const start = target * scale;
  const end = start + scale;
  const out: Array<[number, number]> = [];
  for (let s = Math.floor(start); s < Math.min(Math.ceil(end), from); s++) {
    const weight = Math.min(end, s + 1) - Math.max(start, s);
    if (weight > 0) out.push([s, weight / scale]);
  }
  return out;
}

/** Source index pair and weight of the upper one for a bilinear sample of target cell `t`. */
function bilinear(target: number, from: number, to: number): [number, number, number] {
  const position = Math.min(Math.max((target + 0.5) * (from / to) - 0.5, 0), from - 1);
  const low = Math.floor(position);
  return [low, Math.min(low + 1, from - 1), position - low];
}

/** Resizes images `[n, h, w]` / `[n, h, w, c]` to `height × width` (QuantumImageAdapter resize). */
export function resizeImages(images: Tensor, options: ResizeOptions): Tensor<'float64'> {
  const batch = asImages(images, SCOPE);
  requireInteger(options.height, { min: 1 }, { scope: SCOPE, what: 'height' });
  requireInteger(options.width, { min: 1 }, { scope: SCOPE, what: 'width' });
  const { n, height: h, width: w, channels: c, data } = batch;
  const { height: th, width: tw } = options;
  const method = options.method ?? (th <= h && tw <= w ? 'area' : 'bilinear');
  const taps = (t: number, from: number, to: number): Array<[number, number]> => {
    if (method === 'area') return coverage(t, from, to);
    if (method === 'nearest') return [[Math.min(Math.floor((t + 0.5) * (from / to)), from - 1), 1]];
    const [low, high, frac] = bilinear(t, from, to);
    return [
      [low, 1 - frac],
      [high, frac],
    ];
  };
  const rowTaps = Array.from({ length: th }, (_, y) => taps(y, h, th));
  const colTaps = Array.from({ length: tw }, (_, x) => taps(x, w, tw));
  const out = new Float64Array(n * th * tw * c);
  let o = 0;
  for (let s = 0; s < n; s++) {
    const base = s * h * w * c;
    for (let y = 0; y < th; y++) {
      for (let x = 0; x < tw; x++) {
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          for (const [sy, wy] of rowTaps[y]!) {
            for (const [sx, wx] of colTaps[x]!)
              acc += wy * wx * data[base + (sy * w + sx) * c + ch]!;
          }
          out[o++] = acc;
        }
      }
    }
  }
  return float64Tensor(out, imageShape(batch, th, tw));
}
