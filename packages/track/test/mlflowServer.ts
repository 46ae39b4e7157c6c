// A real MLflow-compatible tracking server for tests and benches, written from the spec (§2):
// node:http on 127.0.0.1, storing into the same file-store layout through FileStore.

import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isQStoreError, type MetricPoint, type QStoreError } from '@qstore/core';
import { encodeJson } from '../src/mlflow/schemas.js';
import { FileStore, type StoredRun } from '../src/store/fileStore.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
  json: Record<string, unknown> | undefined;
}

export interface MlflowTestServer {
  url: string;
  store: FileStore;
  requests: RecordedRequest[];
  /** The next `count` requests get this status (plain text, optional Retry-After in seconds). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
  }
}

const STATUS_OF: Record<string, number> = {
  INVALID_STATE: 500,
  NOT_FOUND: 404,
  ALREADY_EXISTS: 400,
};
function toFailure(error: QStoreError): HttpFailure {
  if (error.code === 'NOT_FOUND')
    return new HttpFailure(404, 'RESOURCE_DOES_NOT_EXIST', error.message);
  if (error.code === 'ALREADY_EXISTS')
    return new HttpFailure(400, 'RESOURCE_ALREADY_EXISTS', error.message);
  if (error.code === 'INVALID_STATE') return new HttpFailure(500, 'INVALID_STATE', error.message);
  return new HttpFailure(STATUS_OF[error.code] ?? 400, 'INVALID_PARAMETER_VALUE', error.message);
}

const decodeDouble = (v: unknown): number =>
  v === 'NaN'
    ? Number.NaN
    : v === 'Infinity'
      ? Number.POSITIVE_INFINITY
      : v === '-Infinity'
        ? Number.NEGATIVE_INFINITY
        : Number(v);
const pairs = (items: unknown): Record<string, string> =>
  Object.fromEntries(
    ((items as { key: string; value?: string }[] | undefined) ?? []).map((i) => [
      i.key,
      i.value ?? '',
    ]),
  );
const list = (record: Readonly<Record<string, string>>) =>
  Object.entries(record).map(([key, value]) => ({ key, value }));

export async function startMlflowServer(options: {
  root: string;
  auth?: { username: string; password: string };
  artifactsDir?: string;
  port?: number;
}): Promise<MlflowTestServer> {
  const store = await FileStore.open(options.root);
  const requests: RecordedRequest[] = [];
  const failures: { status: number; retryAfter?: number }[] = [];
  const proxied = options.artifactsDir !== undefined;

  const runJson = (run: StoredRun) => ({
    info: {
      run_id: run.info.runId,
      run_uuid: run.info.runId,
      run_name: run.info.runName,
      experiment_id: run.info.experimentId,
      user_id: run.info.userId,
      status: run.info.status,
      start_time: run.info.startTime,
      ...(run.info.endTime === undefined ? {} : { end_time: run.info.endTime }),
      artifact_uri: proxied
        ? `mlflow-artifacts:/${run.info.experimentId}/${run.info.runId}/artifacts`
        : run.info.artifactUri,
      lifecycle_stage: run.info.lifecycleStage,
    },
    data: { metrics: Object.values(run.metrics), params: list(run.params), tags: list(run.tags) },
  });

  const routes: Record<
    string,
    (q: URLSearchParams, body: Record<string, unknown>) => Promise<unknown>
  > = {
    'GET experiments/get-by-name': async (q) => {
      const e = await store.getExperimentByName(q.get('experiment_name') ?? '');
      if (e === undefined)
        throw new HttpFailure(
          404,
          'RESOURCE_DOES_NOT_EXIST',
          `Could not find experiment with name '${q.get('experiment_name')}'`,
        );
      const artifact_location = proxied
        ? `mlflow-artifacts:/${e.experimentId}`
        : e.artifactLocation;
      return {
        experiment: {
          experiment_id: e.experimentId,
          name: e.name,
          artifact_location,
          lifecycle_stage: e.lifecycleStage,
          creation_time: e.creationTime,
          last_update_time: e.lastUpdateTime,
          tags: [],
        },
      };
    },
    'POST experiments/create': async (_q, b) => ({
      experiment_id: (await store.createExperiment(String(b['name'] ?? ''))).experimentId,
    }),
    'POST runs/create': async (_q, b) => {
      const tags = pairs(b['tags']);
      const run = await store.createRun({
        experimentId: String(b['experiment_id'] ?? '0'),
        runName: String(b['run_name'] ?? tags['mlflow.runName'] ?? ''),
        userId: String(b['user_id'] ?? ''),
        startTime: Number(b['start_time'] ?? Date.now()),
        tags,
      });
      return { run: { ...runJson(run), inputs: {}, outputs: {} } };
    },
    'POST runs/log-batch': async (_q, b) => {
      const metrics = (b['metrics'] as Record<string, unknown>[] | undefined) ?? [];
      const params = (b['params'] as { key: string }[] | undefined) ?? [];
      const tags = (b['tags'] as unknown[] | undefined) ?? [];
      if (
        metrics.length > 1000 ||
        params.length > 100 ||
        tags.length > 100 ||
        metrics.length + params.length + tags.length > 1000
      )
        throw new HttpFailure(
          400,
          'INVALID_PARAMETER_VALUE',
          `A batch logging request can contain at most 1000 metrics, 100 params and 100 tags (got ${metrics.length}, ${params.length}, ${tags.length})`,
        );
      if (new Set(params.map((p) => p.key)).size !== params.length)
        throw new HttpFailure(400, 'INVALID_PARAMETER_VALUE', 'Duplicate parameter keys');
      const points: MetricPoint[] = metrics.map((m) => ({
        key: String(m['key']),
        value: decodeDouble(m['value']),
        timestamp: Number(m['timestamp']),
        step: Number(m['step'] ?? 0),
      }));
      await store.logBatch(String(b['run_id']), {
        params: pairs(params),
        metrics: points,
        tags: pairs(tags),
      });
      return {};
    },
    'POST runs/log-metric': async (_q, b) => {
      const point = {
        key: String(b['key']),
        value: decodeDouble(b['value']),
        timestamp: Number(b['timestamp']),
        step: Number(b['step'] ?? 0),
      };
      await store.logBatch(String(b['run_id']), { metrics: [point] });
      return {};
    },
    'POST runs/update': async (_q, b) => {
      const update = {
        ...(b['status'] === undefined ? {} : { status: b['status'] as 'FINISHED' }),
        ...(b['end_time'] === undefined ? {} : { endTime: Number(b['end_time']) }),
      };
      await store.updateRun(String(b['run_id']), update);
      return { run_info: runJson(await store.getRun(String(b['run_id']))).info };
    },
    'GET runs/get': async (q) => ({ run: runJson(await store.getRun(q.get('run_id') ?? '')) }),
    'POST runs/search': async (_q, b) => {
      const max = Number(b['max_results'] ?? 1000);
      const offset =
        b['page_token'] === undefined
          ? 0
          : Number(Buffer.from(String(b['page_token']), 'base64').toString());
      const runs = await store.searchRuns({
        experimentIds: (b['experiment_ids'] as string[]) ?? [],
        maxResults: 50_000,
      });
      const page = runs.slice(offset, offset + max);
      const next =
        offset + max < runs.length
          ? { next_page_token: Buffer.from(String(offset + max)).toString('base64') }
          : {};
      return { runs: page.map(runJson), ...next };
    },
    'GET metrics/get-history': async (q) => {
      // MLflow 3.6 file-store quirk (spec §2.3): without max_results the page size is 0.
      const max = Number(q.get('max_results') ?? 0);
      const offset = Number(q.get('page_token') ?? 0);
      const history = await store.getMetricHistory(
        q.get('run_id') ?? '',
        q.get('metric_key') ?? '',
      );
      const page = history
        .slice(offset, offset + max)
        .map((m) => ({ ...m, run_id: q.get('run_id') }));
      return {
        metrics: page,
        ...(offset + max < history.length ? { next_page_token: String(offset + max) } : {}),
      };
    },
    'GET artifacts/list': async (q) => {
      const runId = q.get('run_id') ?? '';
      const base = proxied
        ? join(
            options.artifactsDir!,
            (await store.getRun(runId)).info.experimentId,
            runId,
            'artifacts',
          )
        : fileURLToPath((await store.getRun(runId)).info.artifactUri);
      const path = q.get('path') ?? '';
      const entries = await readdir(join(base, path), { withFileTypes: true }).catch(() => []);
      const files = await Promise.all(
        entries.map(async (e) => ({
          path: path === '' ? e.name : `${path}/${e.name}`,
          is_dir: e.isDirectory(),
          ...(e.isDirectory() ? {} : { file_size: (await stat(join(base, path, e.name))).size }),
        })),
      );
      return { root_uri: base, files };
    },
  };

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === 'string' ? body : encodeJson(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    res.end(text);
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let json: Record<string, unknown> | undefined;
    if (req.method === 'POST') {
      try {
        json = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        json = undefined;
      }
    }
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      bodyBytes: raw.length,
      json,
    });
    try {
      const failure = failures.shift();
      if (failure !== undefined)
        return send(
          res,
          failure.status,
          'The server is temporarily unavailable',
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) },
        );
      if (options.auth !== undefined) {
        const expected = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return send(
            res,
            401,
            'You are not authenticated. Please see the documentation for details.',
            { 'www-authenticate': 'Basic realm="mlflow"' },
          );
      }
      if (url.pathname === '/health') return send(res, 200, 'OK');
      const artifactPrefix = '/api/2.0/mlflow-artifacts/artifacts/';
      if (proxied && url.pathname.startsWith(artifactPrefix)) {
        const rel = decodeURIComponent(url.pathname.slice(artifactPrefix.length));
        if (rel.split('/').includes('..'))
          throw new HttpFailure(400, 'INVALID_PARAMETER_VALUE', 'Invalid path');
        const file = join(options.artifactsDir!, rel);
        if (req.method === 'PUT') {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, raw);
          return send(res, 200, {});
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(await readFile(file));
      }
      const route = routes[`${req.method} ${url.pathname.replace('/api/2.0/mlflow/', '')}`];
      if (route === undefined)
        return send(res, 404, {
          error_code: 'ENDPOINT_NOT_FOUND',
          message: `No route for ${req.method} ${url.pathname}`,
        });
      if (req.method === 'POST') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          throw new HttpFailure(
            400,
            'INVALID_PARAMETER_VALUE',
            'Expected Content-Type application/json',
          );
        if (raw.length > 1_000_000)
          throw new HttpFailure(400, 'INVALID_PARAMETER_VALUE', 'Request body too large');
        if (json === undefined) throw new HttpFailure(400, 'MALFORMED_REQUEST', 'Body is not JSON');
      }
      return send(res, 200, await route(url.searchParams, json ?? {}));
    } catch (error) {
      const failure =
        error instanceof HttpFailure
          ? error
          : isQStoreError(error)
            ? toFailure(error)
            : new HttpFailure(500, 'INTERNAL_ERROR', String(error));
      return send(res, failure.status, { error_code: failure.errorCode, message: failure.message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    requests,
    failNext(count, status, retryAfter) {
      for (let i = 0; i < count; i++)
        failures.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
