import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTempDirs } from '@qstore/test-utils';
import { createTracker, fileTracker, readEventFile } from '@qstore/track';
import { describe, expect, it } from 'vitest';
import { holdOut } from './holdOut.js';
import { logDemoRun } from './logDemoRun.js';
import { twoSpirals } from './spirals.js';
import { summarize } from './summarize.js';
import { trackingTarget } from './trackingTarget.js';

describe('demo tracking', () => {
  const tempDir = useTempDirs('qstore-demo-');

  it('should log params, split statistics at steps and the summary to an MLflow store and TensorBoard', async () => {
    const root = await tempDir();
    const logdir = await tempDir();
    const dataset = holdOut(twoSpirals({ perClass: 50, seed: 3 }), 0.2, 3);
    const summary = summarize(dataset);
    const info = await logDemoRun(createTracker([root, `tensorboard:${logdir}`]), dataset, {
      seed: 3,
      perClass: 50,
      testFraction: 0.2,
      summary,
    });
    const run = await fileTracker({ root }).getRun(info.runId);
    expect(run.info.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ seed: '3', per_class: '50', 'split/test_fraction': '0.2' });
    expect(run.metrics['train/rows']!.value).toBe(80);
    expect(run.metrics['test/class_0']!.value + run.metrics['test/class_1']!.value).toBe(20);
    const curve = await fileTracker({ root }).getMetricHistory(
      info.runId,
      'train/class_1_fraction',
    );
    expect(curve.map((p) => p.step)).toEqual([20, 40, 60, 80]);
    expect(
      readFileSync(join(fileURLToPath(run.info.artifactUri), 'dataset_summary.txt'), 'utf8'),
    ).toBe(`${summary}\n`);
    const runDir = join(logdir, 'qstore-demo', 'two-spirals-seed-3');
    const events = await readEventFile(
      join(runDir, readdirSync(runDir).find((f) => f.includes('tfevents'))!),
    );
    expect(events.some((e) => e.values.some((v) => v.tag === 'train/class_1_fraction'))).toBe(true);
  });

  it('should default to ./mlruns, honour MLFLOW_TRACKING_URI, --tensorboard and --no-track', () => {
    expect(trackingTarget([], {}).uris).toEqual(['./mlruns']);
    expect(trackingTarget([], { MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000' }).uris).toEqual([
      'http://127.0.0.1:5000',
    ]);
    const both = trackingTarget(['--tensorboard', 'logs'], {});
    expect(both.uris).toEqual(['./mlruns', 'tensorboard:logs']);
    const lines = both.howToOpen('abc', '1');
    expect(lines[0]).toMatch(/mlflow ui --backend-store-uri \.\/mlruns/);
    expect(lines[1]).toMatch(/tensorboard --logdir logs/);
    expect(trackingTarget(['--no-track'], {}).uris).toEqual([]);
  });
});
