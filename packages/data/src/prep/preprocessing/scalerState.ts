import { parseWithSchema } from '@qstore/core';
import { z } from 'zod';

/** The ways a {@link Scaler} can rescale features. */
export const SCALER_METHODS = ['minmax', 'zscore', 'l2'] as const;

/** `minmax`: per feature into a range; `zscore`: per feature to mean 0, std 1; `l2`: per row to unit length. */
export type ScalerMethod = (typeof SCALER_METHODS)[number];

const finiteArray = z.array(z.number().finite());

/** The zod schema of a saved {@link ScalerState}. */
export const scalerStateSchema = z
  .object({
    kind: z.literal('qstore.scaler'),
    version: z.literal(1),
    method: z.enum(SCALER_METHODS),
    nFeatures: z.number().int().positive(),
    featureRange: z.tuple([z.number().finite(), z.number().finite()]).optional(),
    offset: finiteArray,
    scale: finiteArray,
  })
  .refine((s) => s.method === 'l2' || s.offset.length === s.nFeatures, {
    message: 'offset must hold one number per feature',
    path: ['offset'],
  })
  .refine((s) => s.method === 'l2' || s.scale.length === s.nFeatures, {
    message: 'scale must hold one number per feature',
    path: ['scale'],
  })
  .refine((s) => s.scale.every((v) => v !== 0), { message: 'scale must not be 0', path: ['scale'] })
  .refine((s) => s.method !== 'minmax' || s.featureRange !== undefined, {
    message: 'a minmax scaler needs its featureRange',
    path: ['featureRange'],
  });

/**
 * A fitted scaler as plain JSON (part of a model checkpoint). A feature maps as
 * `(x - offset) / scale`, then, for minmax, into `featureRange`.
 */
export type ScalerState = z.output<typeof scalerStateSchema>;

/** Checks a saved scaler (e.g. read from a checkpoint); throws `INVALID_CONFIG` when it is not one. */
export function parseScalerState(value: unknown): ScalerState {
  return parseWithSchema(scalerStateSchema, value, {
    scope: 'data/preprocessing',
    what: 'saved scaler',
  });
}
