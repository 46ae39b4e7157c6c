import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectQStoreError, testTracker, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../store/fileStore.js';
import { fileTracker } from './fileTracker.js';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

function spawnLogger(root: string, experiment: string, count: number): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', 'test/logLoop.ts', root, experiment, String(count)],
    {
      cwd: packageDir,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match !== null) resolve(match[1] ?? match[0]);
    });
    child.on('exit', (code) =>
      reject(new Error(`child exited (${code}) before printing ${pattern}`)),
    );
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', resolve));

describe('fileTracker', () => {
  const tempDir = useTempDirs('qstore-track-');

  testTracker('file', async () => fileTracker({ root: await tempDir() }));

  it('should read back exactly what was logged: special floats, nested keys and hostile names', async () => {
    const root = await tempDir();
    const tracker = fileTracker({ root });
    const hostile = ['yes', '2024-01-01', '1:30', 'a: b', 'Ψ-ansatz', "it's", 'on'];
    const values = [
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1e-12,
      1e16,
      -0.5,
      0.1 + 0.2,
    ];
    const runs = [];
    for (const name of hostile) {
      const run = await tracker.startRun({
        experimentName: name,
        runName: name,
        tags: { note: name },
      });
      const key = name.replaceAll("'", '_'); // the only hostile character names may not hold
      await run.logParams({ ansatz: name, 'opt/lr': 0.01, flag: true, [`by/${key}`]: name });
      await run.logMetric(`hostile/${key}`, 1e16, { step: 9 });
      for (let step = 0; step < values.length; step++)
        await run.logMetrics(
          { 'train/loss': values[step]!, 'val/deep/acc': step },
          { step, timestamp: 1000 + step },
        );
      await run.end();
      runs.push(run.info.runId);
    }
    const reader = fileTracker({ root });
    for (const [i, name] of hostile.entries()) {
      const [record] = await reader.searchRuns({ experimentName: name });
      expect(record!.info.runId).toBe(runs[i]);
      expect(record!.info.runName).toBe(name);
      expect(record!.info.status).toBe('FINISHED');
      const key = name.replaceAll("'", '_');
      expect(record!.params).toEqual({
        ansatz: name,
        'opt/lr': '0.01',
        flag: 'true',
        [`by/${key}`]: name,
      });
      expect(record!.metrics[`hostile/${key}`]).toMatchObject({ value: 1e16, step: 9 });
      expect(record!.tags['note']).toBe(name);
      expect(record!.tags['mlflow.runName']).toBe(name);
      const history = await reader.getMetricHistory(runs[i]!, 'train/loss');
      expect(history.map((p) => p.value)).toEqual(values);
      expect(history.map((p) => p.timestamp)).toEqual(values.map((_, s) => 1000 + s));
      expect((await reader.getMetricHistory(runs[i]!, 'val/deep/acc')).map((p) => p.step)).toEqual([
        0, 1, 2, 3, 4, 5, 6,
      ]);
    }
    const store = await FileStore.open(root);
    expect((await store.listExperiments()).map((e) => e.name).sort()).toEqual(
      ['Default', ...hostile].sort(),
    );
  });

  it('should continue an existing run given as resumeRunId (MLFLOW_RUN_ID)', async () => {
    const root = await tempDir();
    const first = await fileTracker({ root }).startRun({
      experimentName: 'resume',
      runName: 'long job',
    });
    await first.logMetric('loss', 1, { step: 0 });
    await first.logParams({ seed: 1 });
    await first.end('KILLED');
    const tracker = fileTracker({ root, resumeRunId: first.info.runId });
    const again = await tracker.startRun({ tags: { attempt: '2' } });
    expect(again.info.runId).toBe(first.info.runId);
    expect(again.info.status).toBe('RUNNING');
    await again.logMetric('loss', 0.5, { step: 1 });
    await expectQStoreError(() => again.logParams({ seed: 2 }), 'CONFLICT');
    const child = await again.startChild!({ runName: 'trial' });
    expect(child.info.experimentId).toBe(first.info.experimentId);
    await child.end();
    await again.end();
    const record = await tracker.getRun(first.info.runId);
    expect(record.info.status).toBe('FINISHED');
    expect(record.tags['attempt']).toBe('2');
    expect((await tracker.getMetricHistory(first.info.runId, 'loss')).map((p) => p.value)).toEqual([
      1, 0.5,
    ]);
  });

  it('should copy artifact files and folders and store text and JSON', async () => {
    const root = await tempDir();
    const src = await tempDir();
    await mkdir(join(src, 'ckpt', 'inner'), { recursive: true });
    await writeFile(join(src, 'ckpt', 'weights.bin'), new Uint8Array([1, 2, 3]));
    await writeFile(join(src, 'ckpt', 'inner', 'a.txt'), 'a');
    const tracker = fileTracker({ root });
    const run = await tracker.startRun();
    await run.logArtifact(join(src, 'ckpt'), 'model');
    await run.logArtifact(join(src, 'ckpt', 'weights.bin'));
    await run.logText('hello', 'notes/summary.txt');
    await run.logDict({ a: [1, 2] }, 'config.json');
    await expectQStoreError(() => run.logText('x', '../escape.txt'), 'UNSAFE_INPUT');
    await expectQStoreError(() => run.logArtifact(join(src, 'missing.bin')), 'NOT_FOUND');
    await run.end();
    const artifacts = fileURLToPath(run.info.artifactUri);
    expect(readFileSync(join(artifacts, 'model', 'weights.bin'))).toEqual(Buffer.from([1, 2, 3]));
    expect(readFileSync(join(artifacts, 'model', 'inner', 'a.txt'), 'utf8')).toBe('a');
    expect(readFileSync(join(artifacts, 'weights.bin'))).toEqual(Buffer.from([1, 2, 3]));
    expect(readFileSync(join(artifacts, 'notes', 'summary.txt'), 'utf8')).toBe('hello');
    expect(JSON.parse(readFileSync(join(artifacts, 'config.json'), 'utf8'))).toEqual({ a: [1, 2] });
  });

  it('should let two processes log to one new experiment without corrupting the store', async () => {
    const root = await tempDir();
    const children = [spawnLogger(root, 'parallel', 400), spawnLogger(root, 'parallel', 400)];
    expect(await Promise.all(children.map(exited))).toEqual([0, 0]);
    const store = await FileStore.open(root);
    const experiments = (await store.listExperiments()).filter((e) => e.name === 'parallel');
    expect(experiments).toHaveLength(1);
    const runs = await fileTracker({ root }).searchRuns({ experimentName: 'parallel' });
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.info.status).toBe('FINISHED');
      const history = await store.getMetricHistory(run.info.runId, 'train/loss');
      expect(history.map((p) => p.step)).toEqual([...Array(400).keys()]);
    }
  });

  it('should leave a readable store after kill -9 in the middle of logging', async () => {
    const root = await tempDir();
    const child = spawnLogger(root, 'crash', 0);
    const runId = await waitForOutput(child, /started ([0-9a-f]{32})/);
    const store = await FileStore.open(root);
    // Wait until the child has logged a good number of points, then kill it without warning.
    for (let i = 0; i < 400; i++) {
      const history = await store.getMetricHistory(runId, 'acc');
      if (history.length > 300) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    child.kill('SIGKILL');
    await exited(child);
    const run = await store.getRun(runId);
    expect(run.info.status).toBe('RUNNING');
    expect(run.params['pid']).toBe(String(child.pid));
    const history = await store.getMetricHistory(runId, 'train/loss');
    expect(history.length).toBeGreaterThan(300);
    expect(history.map((p) => p.step)).toEqual([...history.keys()]);
    expect(history.map((p) => p.value)).toEqual(history.map((_, s) => 1 / (s + 1)));
    const dir = await store.runDir(runId);
    for (const sub of ['params', 'tags'])
      expect(readdirSync(join(dir, sub)).filter((f) => f.startsWith('.'))).toEqual([]);
    const meta = readFileSync(join(dir, 'meta.yaml'), 'utf8');
    expect(meta.endsWith('\n')).toBe(true);
    expect(readdirSync(join(dir, 'tags'))).toContain('progress');
  });
});
