import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectQStoreError, testTracker, useTempDirs } from '@qstore/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type MlflowTestServer, startMlflowServer } from '../../test/mlflowServer.js';
import { MlflowClient } from '../mlflow/mlflowClient.js';
import { mlflowTracker } from './mlflowTracker.js';

const fast = { maxRetries: 2, backoffMs: 5, flushIntervalMs: 50, env: {} };

describe('mlflowTracker', () => {
  const tempDir = useTempDirs('qstore-mlflow-');
  const servers: MlflowTestServer[] = [];
  const serve = async (options: Partial<Parameters<typeof startMlflowServer>[0]> = {}) => {
    const server = await startMlflowServer({ root: await tempDir(), ...options });
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  testTracker('mlflow (REST)', async () => {
    const server = await serve();
    return mlflowTracker({ ...fast, trackingUri: server.url, spoolDir: await tempDir() });
  });

  it('should chunk a 2,500-metric batch and 150 params within the server limits', async () => {
    const server = await serve();
    const tracker = mlflowTracker({
      ...fast,
      trackingUri: server.url,
      flushIntervalMs: 60_000,
      spoolDir: await tempDir(),
    });
    const run = await tracker.startRun({ experimentName: 'chunks' });
    const params = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`p${i}`, i]));
    await run.logParams(params);
    for (let step = 0; step < 2500; step++)
      await run.logMetric('loss', 1 / (step + 1), { step, timestamp: 1000 + step });
    await run.end();
    const batches = server.requests
      .filter((r) => r.path.endsWith('runs/log-batch'))
      .map((r) => r.json!);
    for (const b of batches) {
      expect((b['metrics'] as unknown[]).length).toBeLessThanOrEqual(1000);
      expect((b['params'] as unknown[]).length).toBeLessThanOrEqual(100);
    }
    expect(batches.reduce((n, b) => n + (b['metrics'] as unknown[]).length, 0)).toBe(2500);
    expect(batches.length).toBeGreaterThanOrEqual(3);
    expect((batches[0]!['params'] as unknown[]).length).toBe(100);
    const history = await tracker.getMetricHistory(run.info.runId, 'loss');
    expect(history.map((p) => p.step)).toEqual([...Array(2500).keys()]);
    expect(Object.keys((await tracker.getRun(run.info.runId)).params)).toHaveLength(150);
    const update = server.requests.find((r) => r.path.endsWith('runs/update'))!;
    expect(update.json).toMatchObject({ status: 'FINISHED' });
    expect(update.headers['content-type']).toBe('application/json');
  });

  it('should page metric history with max_results and next_page_token', async () => {
    const server = await serve();
    const client = new MlflowClient({ ...fast, trackingUri: server.url });
    const run = await client.createRun({
      experimentId: '0',
      runName: 'long',
      startTime: 1,
      userId: 'u',
      tags: {},
    });
    const metrics = Array.from({ length: 30_000 }, (_, step) => ({
      key: 'e',
      value: step === 7 ? Number.NaN : step,
      timestamp: 1,
      step,
    }));
    await client.logBatch(run.info.runId, { metrics });
    const history = await client.getMetricHistory(run.info.runId, 'e');
    expect(history).toHaveLength(30_000);
    expect(history[7]!.value).toBeNaN();
    const pages = server.requests.filter((r) => r.path.endsWith('metrics/get-history'));
    expect(pages.map((r) => r.query.get('max_results'))).toEqual(['25000', '25000']);
    expect(pages[1]!.query.get('page_token')).toBe('25000');
  });

  it('should map error codes and non-JSON bodies to typed errors', async () => {
    const server = await serve();
    const client = new MlflowClient({ ...fast, maxRetries: 0, trackingUri: server.url });
    await expectQStoreError(
      () => client.getRun('0123456789abcdef0123456789abcdef'),
      'NOT_FOUND',
      /RESOURCE_DOES_NOT_EXIST/,
    );
    await expectQStoreError(() => client.http.get('no/such/route', {}, z.object({})), 'NOT_FOUND');
    const run = await client.createRun({
      experimentId: '0',
      runName: 'r',
      startTime: 1,
      userId: 'u',
      tags: {},
    });
    await client.logBatch(run.info.runId, { params: { lr: '0.1' } });
    await expectQStoreError(
      () => client.logBatch(run.info.runId, { params: { lr: '0.2' } }),
      'INVALID_ARGUMENT',
      /INVALID_PARAMETER_VALUE/,
    );
    await expectQStoreError(
      () =>
        client.logChunk(run.info.runId, {
          params: [],
          tags: [],
          metrics: Array.from({ length: 1001 }, (_, s) => ({
            key: 'm',
            value: 1,
            timestamp: 1,
            step: s,
          })),
        }),
      'INVALID_ARGUMENT',
      /at most 1000/,
    );
    server.failNext(1, 500);
    await expectQStoreError(() => client.getRun(run.info.runId), 'HTTP_ERROR', /500/);
    await client.http.post('experiments/create', JSON.stringify({ name: 'dup' }), z.object({}));
    await expectQStoreError(
      () => client.http.post('experiments/create', JSON.stringify({ name: 'dup' }), z.object({})),
      'ALREADY_EXISTS',
    );
    const dup = await client.getOrCreateExperiment('dup');
    expect(dup).toMatch(/^\d{18}$/);
    // A deleted experiment is restored (as MLflow's client flow does), then logged to.
    await server.store.deleteExperiment(dup);
    expect(await client.getOrCreateExperiment('dup')).toBe(dup);
    expect((await server.store.getExperiment(dup)).lifecycleStage).toBe('active');
  });

  it('should send Basic auth from MLFLOW_TRACKING_USERNAME/PASSWORD or the credentials file, else Bearer', async () => {
    const server = await serve({ auth: { username: 'admin', password: 'password1234' } });
    const spoolDir = await tempDir();
    const ok = mlflowTracker({
      ...fast,
      trackingUri: server.url,
      spoolDir,
      env: { MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'password1234' },
    });
    await (await ok.startRun()).end();
    const wrong = mlflowTracker({
      ...fast,
      trackingUri: server.url,
      spoolDir,
      env: { MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: 'nope' },
    });
    await expectQStoreError(() => wrong.startRun(), 'AUTH_ERROR', /401/);
    const credentialsPath = join(await tempDir(), 'credentials');
    await writeFile(
      credentialsPath,
      '[mlflow]\nmlflow_tracking_username = admin\nmlflow_tracking_password = password1234\n',
    );
    await (
      await mlflowTracker({
        ...fast,
        trackingUri: server.url,
        spoolDir,
        credentialsPath,
      }).startRun()
    ).end();
    const bearer = mlflowTracker({
      ...fast,
      trackingUri: server.url,
      spoolDir,
      env: { MLFLOW_TRACKING_TOKEN: 'tok' },
      credentialsPath: '/nonexistent',
    });
    await expectQStoreError(() => bearer.startRun(), 'AUTH_ERROR');
    expect(server.requests.at(-1)!.headers.authorization).toBe('Bearer tok');
  });

  it('should retry a 503 after the Retry-After delay and then succeed', async () => {
    const server = await serve();
    const client = new MlflowClient({ ...fast, backoffMs: 1, trackingUri: server.url });
    server.failNext(1, 503, 1);
    const started = Date.now();
    expect(await client.getOrCreateExperiment('retry')).toMatch(/^\d{18}$/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests.filter((r) => r.path.endsWith('get-by-name'))).toHaveLength(2);
  });

  it('should fail with NETWORK_ERROR when the server cannot be reached', async () => {
    const tracker = mlflowTracker({
      ...fast,
      maxRetries: 1,
      trackingUri: 'http://127.0.0.1:9',
      spoolDir: await tempDir(),
    });
    await expectQStoreError(() => tracker.startRun(), 'NETWORK_ERROR', /could not be reached/);
    await expectQStoreError(
      () => mlflowTracker({ env: {} }),
      'INVALID_CONFIG',
      /MLFLOW_TRACKING_URI/,
    );
  });

  it('should spool a run ended while the server is down and deliver it at the next start', async () => {
    const root = await tempDir();
    const spoolDir = await tempDir();
    let server = await startMlflowServer({ root });
    const port = Number(new URL(server.url).port);
    const tracker = mlflowTracker({
      ...fast,
      maxRetries: 1,
      flushIntervalMs: 60_000,
      trackingUri: server.url,
      spoolDir,
    });
    const run = await tracker.startRun({ experimentName: 'offline' });
    await server.close();
    await run.logParams({ seed: 42 });
    for (let step = 0; step < 10; step++) await run.logMetric('loss', 1 / (step + 1), { step });
    await run.end();
    expect(readdirSync(spoolDir)).toEqual([`${run.info.runId}.json`]);
    server = await startMlflowServer({ root, port });
    servers.push(server);
    const next = mlflowTracker({ ...fast, maxRetries: 0, trackingUri: server.url, spoolDir });
    await (await next.startRun({ experimentName: 'offline' })).end();
    expect(existsSync(join(spoolDir, `${run.info.runId}.json`))).toBe(false);
    // An entry the server refuses (unknown run) is set aside instead of blocking later runs.
    const bogus = {
      trackingUri: server.url,
      runId: 'ffffffffffffffffffffffffffffffff',
      params: {},
      tags: {},
      metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
    };
    await writeFile(join(spoolDir, 'bogus.json'), JSON.stringify(bogus));
    expect(await next.deliverSpool()).toBe(0);
    expect(readdirSync(spoolDir)).toEqual(['bogus.json.rejected']);
    const record = await next.getRun(run.info.runId);
    expect(record.info.status).toBe('FINISHED');
    expect(record.params['seed']).toBe('42');
    expect((await next.getMetricHistory(run.info.runId, 'loss')).map((p) => p.step)).toEqual([
      ...Array(10).keys(),
    ]);
  });

  it('should continue the run named by MLFLOW_RUN_ID and use MLFLOW_EXPERIMENT_ID', async () => {
    const server = await serve();
    const spoolDir = await tempDir();
    const experiment = await new MlflowClient({
      ...fast,
      trackingUri: server.url,
    }).getOrCreateExperiment('by-id');
    const first = await mlflowTracker({
      ...fast,
      trackingUri: server.url,
      spoolDir,
      env: { MLFLOW_EXPERIMENT_ID: experiment },
    }).startRun();
    expect(first.info.experimentId).toBe(experiment);
    await first.logMetric('loss', 1, { step: 0 });
    await first.end('FAILED');
    const tracker = mlflowTracker({
      ...fast,
      trackingUri: server.url,
      spoolDir,
      env: { MLFLOW_RUN_ID: first.info.runId },
    });
    const again = await tracker.startRun();
    expect(again.info.runId).toBe(first.info.runId);
    expect(again.info.status).toBe('RUNNING');
    const child = await again.startChild!({ runName: 'trial' });
    expect(child.info.experimentId).toBe(experiment);
    await child.end();
    await again.logMetric('loss', 0.5, { step: 1 });
    await again.end();
    expect((await tracker.getRun(first.info.runId)).info.status).toBe('FINISHED');
    expect((await tracker.getMetricHistory(first.info.runId, 'loss')).map((p) => p.value)).toEqual([
      1, 0.5,
    ]);
  });

  it('should upload and download proxied artifacts (mlflow-artifacts:/)', async () => {
    const artifactsDir = await tempDir();
    const server = await serve({ artifactsDir });
    const tracker = mlflowTracker({ ...fast, trackingUri: server.url, spoolDir: await tempDir() });
    const run = await tracker.startRun();
    expect(run.info.artifactUri).toMatch(/^mlflow-artifacts:\/\d+\/[0-9a-f]{32}\/artifacts$/);
    await run.logText('hello Ψ', 'notes/summary.txt');
    await run.logDict({ a: 1 }, 'config.json');
    await run.end();
    const listing = await tracker.client.listArtifacts(run.info.runId, 'notes');
    expect(listing).toEqual([
      { path: 'notes/summary.txt', isDir: false, fileSize: Buffer.byteLength('hello Ψ') },
    ]);
    const bytes = await tracker.client.downloadArtifact(run.info.artifactUri, 'notes/summary.txt');
    expect(new TextDecoder().decode(bytes)).toBe('hello Ψ');
    await expectQStoreError(
      () => tracker.client.uploadArtifact('s3://bucket/x', 'a.txt', 'x'),
      'UNSUPPORTED_FORMAT',
    );
  });
});
