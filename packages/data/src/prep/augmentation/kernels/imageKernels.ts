import { ValidationError } from '@qstore/core';
import { resizeImages } from '../../reduction/resizeImages.js';
import type { SampleKernel, SampleLayout } from './sampleKernel.js';

function requireImage(layout: SampleLayout, name: string): void {
  if (!layout.isImage) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${name} needs images [n, height, width(, channels)], got feature rows`,
      { scope: 'data/augmentation' },
    );
  }
}

/** Moves pixels: `source(y, x)` gives the fractional source position of target pixel (y, x). */
function remap(
  sample: Float64Array,
  layout: SampleLayout,
  source: (y: number, x: number) => [number, number],
): void {
  const { height: h, width: w, channels: c } = layout;
  const input = sample.slice();
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sy, sx] = source(y, x);
      const y0 = Math.floor(sy);
      const x0 = Math.floor(sx);
      const fy = sy - y0;
      const fx = sx - x0;
      for (let ch = 0; ch < c; ch++) {
        let acc = 0;
        for (const [yy, wy] of [
          [y0, 1 - fy],
          [y0 + 1, fy],
        ] as const) {
          for (const [xx, wx] of [
            [x0, 1 - fx],
            [x0 + 1, fx],
          ] as const) {
            if (wy * wx === 0 || yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
            acc += wy * wx * input[(yy * w + xx) * c + ch]!;
          }
        }
        sample[(y * w + x) * c + ch] = acc;
      }
    }
  }
}

/** Mirrors the image left–right (`horizontal`) or top–bottom. */
export function flipKernel(axis: 'horizontal' | 'vertical'): SampleKernel {
  return (sample, layout) => {
    requireImage(layout, 'flip');
    const { height: h, width: w } = layout;
    remap(sample, layout, (y, x) => (axis === 'horizontal' ? [y, w - 1 - x] : [h - 1 - y, x]));
  };
}

/** Rotates about the centre by an angle in `[-limit, limit]` degrees (bilinear, zero fill). */
export function rotateKernel(limit: number): SampleKernel {
  return (sample, layout, rng) => {
    requireImage(layout, 'rotate');
    const angle = (rng.uniform(-limit, limit) * Math.PI) / 180;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const cy = (layout.height - 1) / 2;
    const cx = (layout.width - 1) / 2;
    remap(sample, layout, (y, x) => [
      cy + cos * (y - cy) - sin * (x - cx),
      cx + sin * (y - cy) + cos * (x - cx),
    ]);
  };
}

/** Translates by whole pixels, up to `limit` × the image size on each axis (zero fill). */
export function shiftKernel(limit: number): SampleKernel {
  return (sample, layout, rng) => {
    requireImage(layout, 'shift');
    const dy = Math.round(rng.uniform(-limit, limit) * layout.height);
    const dx = Math.round(rng.uniform(-limit, limit) * layout.width);
    remap(sample, layout, (y, x) => [y - dy, x - dx]);
  };
}

/** Crops a random region of `scale` × the area (same aspect) and resizes it back (bilinear). */
export function cropKernel(scale: readonly [number, number]): SampleKernel {
  return (sample, layout, rng) => {
    requireImage(layout, 'crop');
    const { height: h, width: w, channels: c } = layout;
    const side = Math.sqrt(rng.uniform(scale[0], scale[1]));
    const ch = Math.max(1, Math.round(h * side));
    const cw = Math.max(1, Math.round(w * side));
    const top = rng.int(0, h - ch + 1);
    const left = rng.int(0, w - cw + 1);
    const crop = new Float64Array(ch * cw * c);
    for (let y = 0; y < ch; y++) {
      const from = ((top + y) * w + left) * c;
      crop.set(sample.subarray(from, from + cw * c), y * cw * c);
    }
    const crops = { dtype: 'float64' as const, shape: [1, ch, cw, c], data: crop };
    sample.set(resizeImages(crops, { height: h, width: w, method: 'bilinear' }).data);
  };
}

/** `v · (1 + α) + β` with α in `[-contrast, contrast]`, β in `[-brightness, brightness]`. */
export function brightnessContrastKernel(brightness: number, contrast: number): SampleKernel {
  return (sample, _layout, rng) => {
    const alpha = 1 + rng.uniform(-contrast, contrast);
    const beta = rng.uniform(-brightness, brightness);
    for (let i = 0; i < sample.length; i++) sample[i] = sample[i]! * alpha + beta;
  };
}

/** Adds Gaussian noise of standard deviation `std` to every value. */
export function gaussianNoiseKernel(std: number): SampleKernel {
  return (sample, _layout, rng) => {
    for (let i = 0; i < sample.length; i++) sample[i]! += rng.normal(0, std);
  };
}

/** Sets `holes` random squares of side `size` × the shorter image side to `fill`. */
export function cutoutKernel(holes: number, size: number, fill: number): SampleKernel {
  return (sample, layout, rng) => {
    requireImage(layout, 'cutout');
    const { height: h, width: w, channels: c } = layout;
    const side = Math.max(1, Math.round(size * Math.min(h, w)));
    for (let hole = 0; hole < holes; hole++) {
      const cy = rng.int(0, h);
      const cx = rng.int(0, w);
      const y0 = Math.max(0, cy - Math.floor(side / 2));
      const x0 = Math.max(0, cx - Math.floor(side / 2));
      for (let y = y0; y < Math.min(h, y0 + side); y++) {
        sample.fill(fill, (y * w + x0) * c, (y * w + Math.min(w, x0 + side)) * c);
      }
    }
  };
}
