import { z } from 'zod';

const SPLIT_SUM_TOLERANCE = 1e-9;

/** A preprocessing step by name with its settings, e.g. `{ op: 'normalize', params: { method: 'minmax' } }`. */
export const preprocessingStepSchema = z.object({
  op: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
});

/** Train/val/test ratios; they must sum to 1. */
export const splitRatiosSchema = z
  .object({
    train: z.number().gt(0).max(1),
    val: z.number().min(0).max(1).default(0),
    test: z.number().min(0).max(1).default(0),
  })
  .refine((r) => Math.abs(r.train + r.val + r.test - 1) <= SPLIT_SUM_TOLERANCE, {
    message: 'train + val + test must sum to 1',
  });

/** The zod schema of a {@link DatasetConfig}. */
export const datasetConfigSchema = z.object({
  /** The dataset's name within its source, e.g. `"fashion_mnist"` or `"ylecun/mnist"`. */
  name: z.string().min(1),
  /** The source adapter's registered name, e.g. `"keras"`. */
  source: z.string().min(1),
  /** Options the source adapter validates with its own schema. */
  sourceParams: z.record(z.string(), z.unknown()).default({}),
  /** Steps applied after loading, in order. */
  preprocessing: z.array(preprocessingStepSchema).default([]),
  /** Re-split the loaded data by these ratios. */
  split: splitRatiosSchema.optional(),
  /** Seed of every random choice in loading and splitting. */
  seed: z.union([z.number().finite(), z.string()]).default(42),
  /** Where sources cache downloads. */
  cacheDir: z.string().optional(),
});

/** How to load and prepare one dataset (validated input, defaults not yet applied). */
export type DatasetConfig = z.input<typeof datasetConfigSchema>;

/** A dataset config with every default applied. */
export type ResolvedDatasetConfig = z.output<typeof datasetConfigSchema>;

/** Train/val/test ratios as resolved. */
export type SplitRatios = z.output<typeof splitRatiosSchema>;
