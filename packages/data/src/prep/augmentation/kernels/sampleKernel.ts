import type { Rng } from '@qstore/core';

/** The layout of one sample: an image `height × width × channels`, or a feature vector (height 1). */
export interface SampleLayout {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Whether the sample is an image (geometric transforms need one). */
  readonly isImage: boolean;
}

/** Changes one sample in place, drawing its random parameters from `rng`. */
export type SampleKernel = (sample: Float64Array, layout: SampleLayout, rng: Rng) => void;
