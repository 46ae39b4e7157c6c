import { type Dataset, numRows, type RunInfo, SPLIT_NAMES, type Tracker } from '@qstore/core';

/** What the demo logs besides the dataset itself. */
export interface DemoRunSettings {
  seed: number;
  perClass: number;
  testFraction: number;
  /** The printed dataset summary, stored as a text artifact. */
  summary: string;
}

/** Rows per step of the cumulative class-balance curve. */
const CHUNK = 20;

/**
 * Logs the demo's data run to a tracker: the seed and split settings as params, per-split class
 * counts and feature statistics, the cumulative class balance of each split at steps, and the
 * dataset summary as a text artifact. (Training metrics arrive with `@qstore/train`, through
 * `trackingCallback`.)
 */
export async function logDemoRun(
  tracker: Tracker,
  dataset: Dataset,
  settings: DemoRunSettings,
): Promise<RunInfo> {
  const run = await tracker.startRun({
    experimentName: 'qstore-demo',
    runName: `two-spirals-seed-${settings.seed}`,
    tags: { 'qstore.app': 'demo', dataset: dataset.metadata.name },
  });
  try {
    await run.logParams({
      seed: settings.seed,
      per_class: settings.perClass,
      'split/test_fraction': settings.testFraction,
      dataset: dataset.metadata.name,
    });
    for (const name of SPLIT_NAMES) {
      const split = dataset[name];
      if (split === undefined) continue;
      const rows = numRows(split.x);
      const features = split.x.shape[1] ?? 1;
      const labels = Array.from(split.y?.data ?? [], Number);
      const stats: Record<string, number> = { [`${name}/rows`]: rows };
      for (const label of new Set(labels))
        stats[`${name}/class_${label}`] = labels.filter((l) => l === label).length;
      for (let f = 0; f < features; f++) {
        let sum = 0;
        let squares = 0;
        for (let r = 0; r < rows; r++) {
          const v = Number(split.x.data[r * features + f]);
          sum += v;
          squares += v * v;
        }
        const mean = sum / rows;
        stats[`${name}/x${f}_mean`] = mean;
        stats[`${name}/x${f}_std`] = Math.sqrt(Math.max(0, squares / rows - mean * mean));
      }
      await run.logMetrics(stats, { step: 0 });
      let ones = 0;
      for (let r = 0; r < labels.length; r++) {
        ones += labels[r] === 1 ? 1 : 0;
        if ((r + 1) % CHUNK === 0 || r === labels.length - 1)
          await run.logMetric(`${name}/class_1_fraction`, ones / (r + 1), { step: r + 1 });
      }
    }
    await run.logText(`${settings.summary}\n`, 'dataset_summary.txt');
    await run.end('FINISHED');
  } catch (error) {
    await run.end('FAILED');
    throw error;
  }
  return run.info;
}
