import { describe, expect, it } from 'vitest';
import { chunkBatch } from './batching.js';
import { encodeJson } from './schemas.js';

describe('chunkBatch', () => {
  it('should keep each request within 100 params, 100 tags, 1000 metrics, 1000 entities and 1 MB, params first', () => {
    const params = Object.fromEntries(
      [...Array(150).keys()].map((i) => [`p${i}`, 'v'.repeat(6000)]),
    );
    const tags = Object.fromEntries([...Array(120).keys()].map((i) => [`t${i}`, 't'.repeat(8000)]));
    const metrics = [...Array(2500).keys()].map((step) => ({
      key: 'k'.repeat(250),
      value: Number.NaN,
      timestamp: 1,
      step,
    }));
    const chunks = chunkBatch({ params, tags, metrics });
    for (const chunk of chunks) {
      expect(chunk.params.length).toBeLessThanOrEqual(100);
      expect(chunk.tags.length).toBeLessThanOrEqual(100);
      expect(chunk.metrics.length).toBeLessThanOrEqual(1000);
      expect(chunk.params.length + chunk.tags.length + chunk.metrics.length).toBeLessThanOrEqual(
        1000,
      );
      expect(encodeJson({ run_id: 'f'.repeat(32), ...chunk }).length).toBeLessThan(1_000_000);
    }
    expect(chunks.flatMap((c) => c.params)).toHaveLength(150);
    expect(chunks.flatMap((c) => c.tags)).toHaveLength(120);
    expect(chunks.flatMap((c) => c.metrics).map((m) => m.step)).toEqual([...Array(2500).keys()]);
    const firstMetricChunk = chunks.findIndex((c) => c.metrics.length > 0);
    expect(
      chunks.slice(firstMetricChunk + 1).every((c) => c.params.length === 0 && c.tags.length === 0),
    ).toBe(true);
  });

  it('should encode NaN and ±Infinity as MLflow strings', () => {
    expect(
      encodeJson({ v: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5] }),
    ).toBe('{"v":["NaN","Infinity","-Infinity",1.5]}');
  });
});
