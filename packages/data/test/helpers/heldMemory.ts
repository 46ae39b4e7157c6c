import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { SampleBatch } from '@qstore/core';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage; freed backing stores are released after a turn of the event loop. */
async function settle(): Promise<void> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

/**
 * Streams `batches` to the end and returns the most ArrayBuffer memory held (above what was held
 * before) while a batch is in the caller's hands, after collecting garbage, and the rows seen.
 */
export async function heldMemory(
  batches: AsyncIterable<SampleBatch>,
): Promise<{ peak: number; rows: number }> {
  await settle();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  let rows = 0;
  for await (const batch of batches) {
    rows += batch.x.shape[0]!;
    await settle();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
  }
  return { peak, rows };
}

/**
 * Runs `work` and samples the ArrayBuffer memory it holds (above what was held before, after
 * collecting garbage) at every turn of the event loop while it runs. A `work` that never yields
 * to the event loop gets no sample while it runs (`samples` 0).
 */
export async function heldMemoryDuring<T>(
  work: () => Promise<T>,
): Promise<{ peak: number; samples: number; result: T }> {
  await settle();
  const base = process.memoryUsage().arrayBuffers;
  let peak = 0;
  let samples = 0;
  let running = true;
  const sample = () => {
    if (!running) return;
    gc();
    peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
    samples++;
    setImmediate(sample);
  };
  setImmediate(sample);
  try {
    const result = await work();
    return { peak, samples, result };
  } finally {
    running = false;
  }
}
