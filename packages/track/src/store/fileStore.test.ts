import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { FileStore } from './fileStore.js';
import { MetricAppender } from './runFiles.js';

// A RUNNING run in the Default experiment.
const newRun = (store: FileStore, experimentId = '0') =>
  store.createRun({ experimentId, runName: 'r', userId: 'u', startTime: 1, tags: {} });

describe('FileStore', () => {
  const tempDir = useTempDirs('qstore-track-');

  it('should initialise a new root like MLflow: Default experiment 0 and .trash', async () => {
    const root = await tempDir();
    const store = await FileStore.open(root);
    expect(readdirSync(root).sort()).toEqual(['.trash', '0']);
    const meta = readFileSync(join(root, '0', 'meta.yaml'), 'utf8');
    expect(meta).toMatch(
      /^artifact_location: file:\/\/\/.+\/0\ncreation_time: \d+\nexperiment_id: '0'\nlast_update_time: \d+\nlifecycle_stage: active\nname: Default\n$/,
    );
    expect((await store.listExperiments()).map((e) => e.name)).toEqual(['Default']);
  });

  it('should write the exact run layout with run_uuid, integer status and quoted ids', async () => {
    const root = await tempDir();
    const store = await FileStore.open(root);
    const exp = await store.createExperiment('qml: demo');
    expect(exp.experimentId).toMatch(/^[1-9]\d{17}$/);
    const run = await store.createRun({
      experimentId: exp.experimentId,
      runName: 'yes',
      userId: 'me',
      startTime: 1700000000000,
      tags: {},
    });
    expect(run.info.runId).toMatch(/^[0-9a-f]{32}$/);
    const dir = join(root, exp.experimentId, run.info.runId);
    expect(readdirSync(dir).sort()).toEqual([
      'artifacts',
      'meta.yaml',
      'metrics',
      'params',
      'tags',
    ]);
    await store.updateRun(run.info.runId, { status: 'FINISHED', endTime: 1700000001000 });
    const meta = readFileSync(join(dir, 'meta.yaml'), 'utf8');
    expect(meta).toContain(`experiment_id: '${exp.experimentId}'`);
    expect(meta).toMatch(new RegExp(`\nrun_uuid: (${run.info.runId}|'${run.info.runId}')\n`));
    expect(meta).toContain("run_name: 'yes'");
    expect(meta).toContain('status: 3\n');
    expect(meta).toContain('source_type: 4\n');
    expect(meta).toContain('tags: []\n');
    expect(meta).toContain('end_time: 1700000001000\n');
    expect(readFileSync(join(dir, 'tags', 'mlflow.runName'), 'utf8')).toBe('yes');
    expect(readdirSync(dir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('should append metric lines in Python float text and keep params raw without newline', async () => {
    const store = await FileStore.open(await tempDir());
    const exp = await store.getOrCreateExperiment('e');
    const { info } = await newRun(store, exp.experimentId);
    const metrics = [1e-12, 1e16, Number.NaN, Number.NEGATIVE_INFINITY, 1].map((value, step) => ({
      key: 'train/loss',
      value,
      timestamp: 5,
      step,
    }));
    await store.logBatch(info.runId, { metrics, params: { multi: 'a\nb' } });
    const dir = await store.runDir(info.runId);
    expect(readFileSync(join(dir, 'metrics', 'train', 'loss'), 'utf8')).toBe(
      '5 1e-12 0\n5 1e+16 1\n5 nan 2\n5 -inf 3\n5 1.0 4\n',
    );
    expect(readFileSync(join(dir, 'params', 'multi'), 'utf8')).toBe('a\nb');
    expect((await store.getRun(info.runId)).metrics['train/loss']!.step).toBe(4);
  });

  it('should pick the latest metric by (step, timestamp, value), not by line order', async () => {
    const store = await FileStore.open(await tempDir());
    const { info } = await newRun(store);
    await store.logBatch(info.runId, {
      metrics: [
        { key: 'm', value: 3, timestamp: 10, step: 5 },
        { key: 'm', value: 1, timestamp: 20, step: 1 },
      ],
    });
    expect((await store.getRun(info.runId)).metrics['m']!.value).toBe(3);
  });

  it('should refuse a new experiment in a taken name and creating runs in a deleted experiment', async () => {
    const store = await FileStore.open(await tempDir());
    const exp = await store.createExperiment('dup');
    await expectQStoreError(() => store.createExperiment('dup'), 'ALREADY_EXISTS');
    await store.deleteExperiment(exp.experimentId);
    expect(readdirSync(join(store.root, '.trash'))).toEqual([exp.experimentId]);
    await expectQStoreError(() => store.getOrCreateExperiment('dup'), 'INVALID_STATE', /deleted/);
    await expectQStoreError(() => newRun(store, exp.experimentId), 'INVALID_STATE');
    await expectQStoreError(() => store.deleteExperiment('0'), 'INVALID_STATE');
    await store.restoreExperiment(exp.experimentId);
    expect((await store.getOrCreateExperiment('dup')).experimentId).toBe(exp.experimentId);
    expect(readdirSync(join(store.root, '.trash'))).toEqual([]);
    await expectQStoreError(() => store.getRun('0123456789abcdef0123456789abcdef'), 'NOT_FOUND');
  });

  it('should reject bad names, a changed param and non-finite steps with MLflow-like rules', async () => {
    const store = await FileStore.open(await tempDir());
    const { info } = await newRun(store);
    const id = info.runId;
    for (const key of ['../x', 'a*b', 'x'.repeat(251), 'a//b', 'a/./b', '/abs', '.', ''])
      await expectQStoreError(() => store.logBatch(id, { params: { [key]: '1' } }), 'INVALID_NAME');
    await store.logBatch(id, { params: { lr: '0.1' } });
    await store.logBatch(id, { params: { lr: '0.1' } });
    await expectQStoreError(() => store.logBatch(id, { params: { lr: '0.2' } }), 'CONFLICT', /lr/);
    await expectQStoreError(
      () =>
        store.logBatch(id, { metrics: [{ key: 'm', value: 1, timestamp: 1, step: Number.NaN }] }),
      'NON_FINITE',
    );
    await expectQStoreError(
      () => store.logBatch(id, { metrics: [{ key: 'm', value: 1, timestamp: -1, step: 0 }] }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(() => store.createExperiment(''), 'INVALID_NAME');
    await store.logBatch(id, { params: { long: 'v'.repeat(6001) }, tags: { t: 't'.repeat(8001) } });
    const run = await store.getRun(id);
    expect(run.params['long']).toHaveLength(6000);
    expect(run.tags['t']).toHaveLength(8000);
    await store.deleteRun(id);
    await expectQStoreError(() => store.logBatch(id, { params: { z: '1' } }), 'INVALID_STATE');
  });

  it('should skip a malformed run or experiment in listings but report it when asked for directly', async () => {
    const store = await FileStore.open(await tempDir());
    const good = await newRun(store);
    const bad = await newRun(store);
    writeFileSync(join(await store.runDir(bad.info.runId), 'meta.yaml'), '- not a mapping\n');
    mkdirSync(join(store.root, '77'));
    writeFileSync(join(store.root, '77', 'meta.yaml'), 'name: [unclosed\n');
    const runs = await store.searchRuns({ experimentIds: ['0'] });
    expect(runs.map((r) => r.info.runId)).toEqual([good.info.runId]);
    expect((await store.listExperiments()).map((e) => e.experimentId)).toEqual(['0']);
    await expectQStoreError(() => store.getRun(bad.info.runId), 'CORRUPT_DATA', /meta\.yaml/);
  });

  it('should report a corrupt metric line with file and line', async () => {
    const store = await FileStore.open(await tempDir());
    const { info } = await newRun(store);
    await store.logBatch(info.runId, { metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }] });
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(await store.runDir(info.runId), 'metrics', 'm'), 'garbage here\n');
    await expectQStoreError(() => store.getMetricHistory(info.runId, 'm'), 'CORRUPT_DATA', /m:2/);
  });
});

describe('MetricAppender', () => {
  const tempDir = useTempDirs('qstore-track-');

  it('should keep at most 256 metric files open and still append to every key', async () => {
    const dir = await tempDir();
    const appender = new MetricAppender();
    for (let round = 0; round < 2; round++)
      for (let k = 0; k < 300; k++)
        appender.append(dir, [{ key: `m${k}`, value: round, timestamp: 1, step: round }]);
    expect(appender.openFiles).toBe(256);
    appender.close();
    expect(appender.openFiles).toBe(0);
    expect(readFileSync(join(dir, 'm0'), 'utf8')).toBe('1 0.0 0\n1 1.0 1\n');
  });
});
