import type { MetricPoint } from '@qstore/core';
import { LIMITS } from '../validate.js';
import { encodeJson } from './schemas.js';

/** The entities of one `runs/log-batch` request. */
export interface BatchChunk {
  params: { key: string; value: string }[];
  tags: { key: string; value: string }[];
  metrics: { key: string; value: number; timestamp: number; step: number }[];
}

/** Room for the envelope (`run_id`, field names) under the 1 MB body limit. */
const BODY_BUDGET = LIMITS.batchBytes - 10_000;

/**
 * Splits params, tags and metrics into `log-batch` requests within MLflow's limits (≤ 100 params,
 * ≤ 100 tags, ≤ 1000 metrics, ≤ 1000 entities, ≤ 1 MB of JSON), params and tags first as the
 * Python client does.
 */
export function chunkBatch(input: {
  params?: Readonly<Record<string, string>>;
  tags?: Readonly<Record<string, string>>;
  metrics?: readonly MetricPoint[];
}): BatchChunk[] {
  const queue: (
    | { kind: 'params' | 'tags'; item: { key: string; value: string } }
    | { kind: 'metrics'; item: BatchChunk['metrics'][number] }
  )[] = [
    ...Object.entries(input.params ?? {}).map(([key, value]) => ({
      kind: 'params' as const,
      item: { key, value },
    })),
    ...Object.entries(input.tags ?? {}).map(([key, value]) => ({
      kind: 'tags' as const,
      item: { key, value },
    })),
    ...(input.metrics ?? []).map((p) => ({
      kind: 'metrics' as const,
      item: { key: p.key, value: p.value, timestamp: p.timestamp, step: p.step },
    })),
  ];
  const limits = {
    params: LIMITS.batchParams,
    tags: LIMITS.batchTags,
    metrics: LIMITS.batchMetrics,
  };
  const chunks: BatchChunk[] = [];
  let chunk: BatchChunk | undefined;
  let size = 0;
  let count = 0;
  for (const entry of queue) {
    const entrySize = encodeJson(entry.item).length + 1;
    if (
      chunk === undefined ||
      chunk[entry.kind].length >= limits[entry.kind] ||
      count >= LIMITS.batchEntities ||
      size + entrySize > BODY_BUDGET
    ) {
      chunk = { params: [], tags: [], metrics: [] };
      chunks.push(chunk);
      size = 0;
      count = 0;
    }
    (chunk[entry.kind] as unknown[]).push(entry.item);
    size += entrySize;
    count++;
  }
  return chunks;
}
