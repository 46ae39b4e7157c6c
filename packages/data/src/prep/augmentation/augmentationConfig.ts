import { parseWithSchema } from '@qstore/core';
import { z } from 'zod';

const p = z.number().min(0).max(1).optional();
const nonNegative = z.number().finite().min(0);

/**
 * One declarative augmentation step, in the spirit of albumentations: each applies to a sample with
 * probability `p` (default 1); `compose` runs its steps in order, `oneOf` picks one of them.
 */
export type AugmentationStep =
  | { type: 'horizontalFlip' | 'verticalFlip'; p?: number }
  | { type: 'rotate' /** Degrees. */; limit: number; p?: number }
  | { type: 'shift' /** Fraction of the image size. */; limit: number; p?: number }
  | {
      type: 'crop' /** Area fraction range kept before resizing back. */;
      scale: [number, number];
      p?: number;
    }
  | { type: 'brightnessContrast'; brightness?: number; contrast?: number; p?: number }
  | { type: 'gaussianNoise'; std: number; p?: number }
  | {
      type: 'cutout';
      holes?: number /** Fraction of the shorter side. */;
      size: number;
      fill?: number;
      p?: number;
    }
  | { type: 'phaseShift'; range: number; p?: number }
  | { type: 'amplitudeNoise'; level: number; p?: number }
  | { type: 'randomRotation'; range: number; p?: number }
  | { type: 'compose' | 'oneOf'; steps: AugmentationStep[]; p?: number };

/** The zod schema of an {@link AugmentationStep}. */
export const augmentationStepSchema: z.ZodType<AugmentationStep> = z.lazy(() =>
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.enum(['horizontalFlip', 'verticalFlip']), p }),
    z.strictObject({ type: z.literal('rotate'), limit: z.number().min(0).max(180), p }),
    z.strictObject({ type: z.literal('shift'), limit: z.number().min(0).max(1), p }),
    z.strictObject({
      type: z.literal('crop'),
      scale: z
        .tuple([z.number().gt(0).max(1), z.number().gt(0).max(1)])
        .refine(([low, high]) => low <= high, 'scale must be [low, high] with low <= high'),
      p,
    }),
    z.strictObject({
      type: z.literal('brightnessContrast'),
      brightness: nonNegative.optional(),
      contrast: z.number().min(0).max(1).optional(),
      p,
    }),
    z.strictObject({ type: z.literal('gaussianNoise'), std: nonNegative, p }),
    z.strictObject({
      type: z.literal('cutout'),
      holes: z.number().int().min(1).max(64).optional(),
      size: z.number().gt(0).max(1),
      fill: z.number().finite().optional(),
      p,
    }),
    z.strictObject({ type: z.literal('phaseShift'), range: nonNegative, p }),
    z.strictObject({ type: z.literal('amplitudeNoise'), level: nonNegative, p }),
    z.strictObject({ type: z.literal('randomRotation'), range: nonNegative, p }),
    z.strictObject({
      type: z.enum(['compose', 'oneOf']),
      steps: z.array(augmentationStepSchema).min(1),
      p,
    }),
  ]),
);

/** Checks an augmentation config from outside; throws `INVALID_CONFIG` listing every problem. */
export function parseAugmentationStep(value: unknown): AugmentationStep {
  return parseWithSchema(augmentationStepSchema, value, {
    scope: 'data/augmentation',
    what: 'augmentation config',
  });
}
