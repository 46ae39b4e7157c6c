import { z } from 'zod';

/** A double as MLflow sends it: a number, or `"NaN"` / `"Infinity"` / `"-Infinity"`. */
export const jsonDouble = z.union([
  z.number(),
  z
    .enum(['NaN', 'Infinity', '-Infinity'])
    .transform((s) =>
      s === 'NaN'
        ? Number.NaN
        : s === 'Infinity'
          ? Number.POSITIVE_INFINITY
          : Number.NEGATIVE_INFINITY,
    ),
]);

/** An int64 as MLflow sends it (a number; strings accepted as protobuf JSON allows). */
const int64 = z.union([
  z.number(),
  z
    .string()
    .regex(/^-?\d+$/)
    .transform(Number),
]);

const keyValue = z.object({ key: z.string(), value: z.string().optional().default('') });

/** `experiments/get-by-name` → `experiment`. */
export const experimentSchema = z.object({
  experiment_id: z.string(),
  name: z.string(),
  artifact_location: z.string().optional().default(''),
  lifecycle_stage: z.string().optional().default('active'),
  tags: z.array(keyValue).optional().default([]),
});

/** A metric point in `runs/get`, `runs/search` and `metrics/get-history`. */
export const metricSchema = z.object({
  key: z.string(),
  value: jsonDouble,
  timestamp: int64.optional().default(0),
  step: int64.optional().default(0),
});

/** `RunInfo` as the server sends it. */
export const runInfoSchema = z.object({
  run_id: z.string(),
  experiment_id: z.string(),
  run_name: z.string().optional().default(''),
  status: z
    .enum(['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'])
    .optional()
    .default('RUNNING'),
  start_time: int64.optional().default(0),
  end_time: int64.optional(),
  artifact_uri: z.string().optional().default(''),
  lifecycle_stage: z.string().optional().default('active'),
});

/** A whole run (`runs/get`, `runs/create`, `runs/search`). */
export const runSchema = z.object({
  info: runInfoSchema,
  data: z
    .object({
      metrics: z.array(metricSchema).optional().default([]),
      params: z.array(keyValue).optional().default([]),
      tags: z.array(keyValue).optional().default([]),
    })
    .optional()
    .default({ metrics: [], params: [], tags: [] }),
});

/** The answer of `experiments/get-by-name`. */
export const getExperimentResponse = z.object({ experiment: experimentSchema });
/** The answer of `experiments/create`. */
export const createExperimentResponse = z.object({ experiment_id: z.string() });
/** The answer of `runs/get` and `runs/create`. */
export const runResponse = z.object({ run: runSchema });
/** The answer of `runs/search`, one page. */
export const searchRunsResponse = z.object({
  runs: z.array(runSchema).optional().default([]),
  next_page_token: z.string().optional(),
});
/** The answer of `metrics/get-history`, one page. */
export const historyResponse = z.object({
  metrics: z.array(metricSchema).optional().default([]),
  next_page_token: z.string().optional(),
});
/** The answer of endpoints that reply `{}` (extra fields ignored). */
export const emptyResponse = z.looseObject({});
/** The answer of `artifacts/list`. */
export const listArtifactsResponse = z.object({
  files: z
    .array(
      z.object({
        path: z.string(),
        is_dir: z.boolean().optional().default(false),
        file_size: int64.optional(),
      }),
    )
    .optional()
    .default([]),
});

/** Encodes a request body: non-finite doubles become MLflow's strings. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'number' || Number.isFinite(v)) return v;
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  });
}
