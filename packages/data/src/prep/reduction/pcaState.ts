import { parseWithSchema } from '@qstore/core';
import { z } from 'zod';

const finiteArray = z.array(z.number().finite());

/** The zod schema of a saved {@link PcaState}. */
export const pcaStateSchema = z
  .object({
    kind: z.literal('qstore.pca'),
    version: z.literal(1),
    method: z.enum(['covariance', 'randomized']),
    nFeatures: z.number().int().positive(),
    nSamples: z.number().int().min(2),
    mean: finiteArray,
    components: z.array(finiteArray).min(1),
    explainedVariance: finiteArray,
    explainedVarianceRatio: finiteArray,
    singularValues: finiteArray,
  })
  .refine((s) => s.mean.length === s.nFeatures, {
    message: 'mean must hold one number per feature',
    path: ['mean'],
  })
  .refine((s) => s.components.every((c) => c.length === s.nFeatures), {
    message: 'every component must hold one number per feature',
    path: ['components'],
  })
  .refine(
    (s) =>
      [s.explainedVariance, s.explainedVarianceRatio, s.singularValues].every(
        (a) => a.length === s.components.length,
      ),
    { message: 'variances and singular values must hold one number per component' },
  );

/** A fitted PCA as plain JSON. */
export type PcaState = z.output<typeof pcaStateSchema>;

/** Checks a saved PCA; throws `INVALID_CONFIG` when it is not one. */
export function parsePcaState(value: unknown): PcaState {
  return parseWithSchema(pcaStateSchema, value, { scope: 'data/pca', what: 'saved PCA' });
}
