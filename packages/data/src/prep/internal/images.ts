import { type Tensor, ValidationError } from '@qstore/core';
import { type NumericArray, numericData } from './matrix.js';

/** A batch of images `[n, height, width]` or `[n, height, width, channels]`, seen in place. */
export interface ImageBatch {
  readonly n: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Whether the tensor had an explicit channel axis. */
  readonly hasChannelAxis: boolean;
  readonly data: NumericArray;
}

/** Reads a rank-3 or rank-4 tensor as an image batch; other ranks give `SHAPE_MISMATCH`. */
export function asImages(t: Tensor, scope: string, what = 'images'): ImageBatch {
  const [n, height, width, channels] = t.shape;
  if ((t.shape.length !== 3 && t.shape.length !== 4) || n === undefined) {
    throw new ValidationError(
      'SHAPE_MISMATCH',
      `${what}: expected [n, height, width] or [n, height, width, channels], got [${t.shape.join(', ')}]`,
      { scope, details: { shape: t.shape } },
    );
  }
  return {
    n,
    height: height!,
    width: width!,
    channels: channels ?? 1,
    hasChannelAxis: t.shape.length === 4,
    data: numericData(t, { scope, what }),
  };
}

/** The shape of a batch of `n` images of this size, keeping the input's channel axis convention. */
export function imageShape(batch: ImageBatch, height: number, width: number): number[] {
  return batch.hasChannelAxis ? [batch.n, height, width, batch.channels] : [batch.n, height, width];
}
