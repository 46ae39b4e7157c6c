import { reshape, type Seed, sizeOf, type Tensor } from '@qstore/core';
import { z } from 'zod';
import { float64Tensor, numericData } from '../internal/matrix.js';
import { Pca } from '../reduction/pca.js';
import { pool2d } from '../reduction/pool2d.js';
import { resizeImages } from '../reduction/resizeImages.js';
import { Scaler } from './scaler.js';
import { SCALER_METHODS } from './scalerState.js';

/** A preprocessing step fitted on training data: applies itself to any split, and its state. */
export interface FittedStep {
  transform(x: Tensor): Tensor;
  /** What was learnt from the training data (JSON), when the step learns anything. */
  readonly state?: unknown;
}

/** One kind of step the config's `preprocessing` list can name. */
export interface PreprocessingOp {
  /** The zod schema of the step's `params`. */
  readonly params: z.ZodType;
  /** What the step does, for docs and error messages. */
  readonly description: string;
  fit(x: Tensor, params: never, seed: Seed): FittedStep;
}

/** `[n, a, b, …]` viewed as `[n, a·b·…]` (no copy). */
function flat(x: Tensor): Tensor {
  return x.shape.length === 2 ? x : reshape(x, [x.shape[0]!, sizeOf(x.shape.slice(1))]);
}

const pair = z.union([z.number().int().positive(), z.tuple([z.number().int(), z.number().int()])]);
const scalerParams = z
  .object({
    method: z.enum(SCALER_METHODS).default('minmax'),
    featureRange: z.tuple([z.number().finite(), z.number().finite()]).optional(),
  })
  .strict();

function scalerStep(x: Tensor, params: z.output<typeof scalerParams>): FittedStep {
  const scaler = Scaler.fit(flat(x), {
    method: params.method,
    ...(params.featureRange ? { featureRange: params.featureRange } : {}),
  });
  return {
    // per feature = per pixel for images; the result keeps the input's shape
    transform: (t) => reshape(scaler.transform(flat(t)), t.shape),
    state: scaler.toJSON(),
  };
}

const pcaParams = z
  .object({
    nComponents: z.number().int().positive(),
    method: z.enum(['auto', 'covariance', 'randomized']).optional(),
    oversamples: z.number().int().min(0).optional(),
    powerIterations: z.number().int().min(0).optional(),
    seed: z.union([z.number().finite(), z.string()]).optional(),
  })
  .strict();

/**
 * The steps `loadDataset` applies from a config's `preprocessing` list, by `op`. Steps that learn
 * (normalize, standardize, pca) fit on the train split only and apply the same transform to val
 * and test.
 */
export const PREPROCESSING_OPS: Readonly<Record<string, PreprocessingOp>> = {
  flatten: {
    description: 'images [n, …] to rows [n, features], values unchanged',
    params: z.object({}).strict(),
    fit: () => ({ transform: flat }),
  },
  scale: {
    description: 'multiply every value by `factor` (e.g. 1/255 for pixels) into float64',
    params: z.object({ factor: z.number().finite() }).strict(),
    fit: (_x, params: { factor: number }) => ({
      transform: (t) =>
        float64Tensor(
          Float64Array.from(
            numericData(t, { scope: 'data/preprocessing', what: 'x' }),
            (v) => v * params.factor,
          ),
          t.shape,
        ),
    }),
  },
  normalize: {
    description: 'per-feature minmax (featureRange) or zscore, or per-row l2, fitted on train',
    params: scalerParams,
    fit: (x, params: z.output<typeof scalerParams>) => scalerStep(x, params),
  },
  standardize: {
    description: 'per-feature mean 0 and standard deviation 1, fitted on train',
    params: z.object({}).strict(),
    fit: (x) => scalerStep(x, { method: 'zscore' }),
  },
  pca: {
    description: 'project flattened rows on the top nComponents principal axes of train',
    params: pcaParams,
    fit: (x, params: z.output<typeof pcaParams>, seed) => {
      const { seed: own, ...rest } = params;
      const model = Pca.fit(flat(x), { ...rest, seed: own ?? seed });
      return { transform: (t) => model.transform(flat(t)), state: model.toJSON() };
    },
  },
  resize: {
    description: 'resize images [n, h, w(, c)] to height × width',
    params: z
      .object({
        height: z.number().int().positive(),
        width: z.number().int().positive(),
        method: z.enum(['bilinear', 'nearest', 'area']).optional(),
      })
      .strict(),
    fit: (_x, params: { height: number; width: number }) => ({
      transform: (t) => resizeImages(t, params),
    }),
  },
  pool: {
    description: 'average or max pooling of images by a window',
    params: z
      .object({ size: pair, stride: pair.optional(), mode: z.enum(['average', 'max']).optional() })
      .strict(),
    fit: (_x, params: { size: number }) => ({ transform: (t) => pool2d(t, params) }),
  },
};
