import { isQStoreError, type Tracker } from '@qstore/core';
import { afterEach, describe, expect, it } from 'vitest';
import { expectQStoreError } from './expectQStoreError.js';

/**
 * The conformance suite every tracker sink runs (built-in or third-party): the run lifecycle,
 * MLflow's naming rules, immutable params, non-finite values, and — when the sink can read back
 * (`getRun`, `getMetricHistory`, `searchRuns`) — an exact round trip. `make` returns a fresh
 * tracker on an empty store each time.
 */
export function testTracker(name: string, make: () => Promise<Tracker>): void {
  describe(`Tracker conformance: ${name}`, () => {
    const made: Tracker[] = [];
    const fresh = async () => {
      const tracker = await make();
      made.push(tracker);
      return tracker;
    };
    afterEach(async () => {
      await Promise.all(made.splice(0).map((t) => t.dispose?.()));
    });

    it('should start a RUNNING run in a named experiment and end it FINISHED', async () => {
      const tracker = await fresh();
      expect(typeof tracker.name).toBe('string');
      const run = await tracker.startRun({
        experimentName: 'conformance',
        runName: 'first',
        tags: { suite: 'yes' },
      });
      expect(run.info.runId).toMatch(/^[A-Za-z0-9][\w-]*$/);
      expect(run.info.status).toBe('RUNNING');
      expect(run.info.runName).toBe('first');
      expect(run.info.startTime).toBeGreaterThan(0);
      await run.logParams({ lr: 0.01, layers: 3, ansatz: 'hardware-efficient', flag: false });
      await run.logParams({ lr: 0.01 });
      await run.logMetric('loss', 0.5, { step: 1, timestamp: 1000 });
      await run.logMetrics(
        { 'train/loss': Number.NaN, 'val/acc': Number.POSITIVE_INFINITY, tiny: 1e-12, big: 1e16 },
        { step: 2, timestamp: 2000 },
      );
      await run.setTags({ phase: 'test', 'mlflow.note.content': 'a: b' });
      await run.logText('summary', 'notes/summary.txt');
      await run.logDict({ a: 1 }, 'config.json');
      await run.flush();
      await run.end();
      await run.end();
      if (tracker.getRun !== undefined) {
        const record = await tracker.getRun(run.info.runId);
        expect(record.info.status).toBe('FINISHED');
        expect(record.info.endTime).toBeGreaterThanOrEqual(record.info.startTime);
        expect(record.params).toMatchObject({
          lr: '0.01',
          layers: '3',
          ansatz: 'hardware-efficient',
          flag: 'false',
        });
        expect(record.tags).toMatchObject({
          suite: 'yes',
          phase: 'test',
          'mlflow.note.content': 'a: b',
        });
        expect(record.metrics['loss']).toEqual({
          key: 'loss',
          value: 0.5,
          step: 1,
          timestamp: 1000,
        });
        expect(record.metrics['train/loss']!.value).toBeNaN();
        expect(record.metrics['val/acc']!.value).toBe(Number.POSITIVE_INFINITY);
        expect(record.metrics['tiny']!.value).toBe(1e-12);
        expect(record.metrics['big']!.value).toBe(1e16);
      }
      if (tracker.getMetricHistory !== undefined) {
        await run.flush();
        const history = await tracker.getMetricHistory(run.info.runId, 'loss');
        expect(history).toEqual([{ key: 'loss', value: 0.5, step: 1, timestamp: 1000 }]);
      }
      if (tracker.searchRuns !== undefined) {
        const found = await tracker.searchRuns({
          experimentName: 'conformance',
          tags: { suite: 'yes' },
        });
        expect(found.map((r) => r.info.runId)).toContain(run.info.runId);
        expect(
          await tracker.searchRuns({ experimentName: 'conformance', tags: { suite: 'no' } }),
        ).toEqual([]);
      }
    });

    it('should refuse invalid names, a changed param, non-finite steps and logging after end', async () => {
      const tracker = await fresh();
      const run = await tracker.startRun({ experimentName: 'conformance-errors' });
      for (const key of ['../x', 'a*b', 'k'.repeat(251)]) {
        await expectQStoreError(() => run.logMetric(key, 1), 'INVALID_NAME');
        await expectQStoreError(() => run.logParams({ [key]: 1 }), 'INVALID_NAME');
        await expectQStoreError(() => run.setTags({ [key]: 'v' }), 'INVALID_NAME');
      }
      await run.logParams({ seed: 1 });
      await expectQStoreError(() => run.logParams({ seed: 2 }), 'CONFLICT', /seed/);
      await expectQStoreError(
        () => run.logMetric('m', 1, { step: Number.POSITIVE_INFINITY }),
        'NON_FINITE',
      );
      await expectQStoreError(() => run.logMetric('m', 1, { step: Number.NaN }), 'NON_FINITE');
      await run.end('FAILED');
      const error = await run.logMetric('m', 1).catch((e: unknown) => e);
      expect(isQStoreError(error, 'INVALID_STATE')).toBe(true);
      if (tracker.getRun !== undefined)
        expect((await tracker.getRun(run.info.runId)).info.status).toBe('FAILED');
    });

    it('should start nested child runs that point to their parent', async () => {
      const tracker = await fresh();
      const parent = await tracker.startRun({
        experimentName: 'conformance-nested',
        runName: 'study',
      });
      if (parent.startChild === undefined) {
        await parent.end();
        return;
      }
      const child = await parent.startChild({ runName: 'trial-0' });
      expect(child.info.experimentId).toBe(parent.info.experimentId);
      await child.logMetric('objective', 0.25);
      await child.end('KILLED');
      await parent.end();
      if (tracker.getRun !== undefined) {
        const record = await tracker.getRun(child.info.runId);
        expect(record.tags['mlflow.parentRunId']).toBe(parent.info.runId);
        expect(record.info.status).toBe('KILLED');
      }
    });
  });
}
