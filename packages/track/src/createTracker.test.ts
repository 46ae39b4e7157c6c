import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Tracker } from '@qstore/core';
import { expectQStoreError, testTracker, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { createTracker } from './createTracker.js';
import { fileTracker } from './sinks/fileTracker.js';

describe('createTracker', () => {
  const tempDir = useTempDirs('qstore-create-');

  testTracker('composite (file + tensorboard)', async () =>
    createTracker([await tempDir(), `tensorboard:${await tempDir()}`]),
  );

  it('should pick the file store for plain paths and file: URIs, honouring MLFLOW_TRACKING_URI', async () => {
    const a = await tempDir();
    const b = await tempDir();
    const c = await tempDir();
    for (const [tracker, root] of [
      [createTracker(a), a],
      [createTracker(`file:${b}`), b],
      [createTracker({ env: { MLFLOW_TRACKING_URI: pathToFileURL(c).href } }), c],
    ] as const) {
      expect(tracker.name).toBe('file');
      await (await tracker.startRun({ experimentName: 'pick' })).end();
      expect(readdirSync(root)).toContain('.trash');
    }
    expect(createTracker({ env: { MLFLOW_TRACKING_URI: 'http://127.0.0.1:1' } }).name).toBe(
      'mlflow',
    );
    expect(createTracker(`tensorboard:${a}`).name).toBe('tensorboard');
  });

  it('should log to every sink of a composite and read back from the file store', async () => {
    const root = await tempDir();
    const logdir = await tempDir();
    const seen: string[] = [];
    const custom: Tracker = {
      name: 'custom',
      async startRun() {
        const noop = async () => undefined;
        return {
          info: {
            runId: 'c1',
            experimentId: 'x',
            runName: 'c',
            status: 'RUNNING',
            startTime: 1,
            artifactUri: 'mem:',
          },
          logParams: noop,
          logMetric: async (key: string) => void seen.push(key),
          logMetrics: async (m: Record<string, number>) => void seen.push(...Object.keys(m)),
          setTags: noop,
          logArtifact: noop,
          logText: noop,
          logDict: noop,
          flush: noop,
          end: noop,
        };
      },
    };
    const tracker = createTracker({
      uri: [`tensorboard:${logdir}`, root],
      sinks: [custom],
      defaultExperiment: 'both',
    });
    expect(tracker.name).toBe('composite(file,tensorboard,custom)');
    const run = await tracker.startRun({ runName: 'r' });
    await run.logMetrics({ loss: 0.5 }, { step: 1 });
    await run.end();
    expect(seen).toEqual(['loss']);
    expect((await tracker.getRun!(run.info.runId)).metrics['loss']!.value).toBe(0.5);
    expect(await fileTracker({ root }).searchRuns({ experimentName: 'both' })).toHaveLength(1);
    expect(existsSync(join(logdir, 'both', 'r'))).toBe(true);
    expect(run.startChild).toBeUndefined();
  });

  it('should refuse unknown schemes with UNKNOWN_PLUGIN', async () => {
    await expectQStoreError(
      () => createTracker('sqlite:///mlflow.db'),
      'UNKNOWN_PLUGIN',
      /known: file, http, https, tensorboard/,
    );
  });
});
