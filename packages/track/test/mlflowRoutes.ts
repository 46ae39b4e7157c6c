// The MLflow REST endpoints of the test server (spec §2.2), over a FileStore.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MetricPoint, QStoreError } from '@qstore/core';
import type { FileStore, StoredRun } from '../src/store/fileStore.js';

/** An error answer: HTTP status plus MLflow's `error_code`. */
export class HttpFailure extends Error {
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
export function toFailure(error: QStoreError): HttpFailure {
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

/** One route: query and JSON body in, JSON-serialisable answer out (or an HttpFailure thrown). */
export type Route = (q: URLSearchParams, body: Record<string, unknown>) => Promise<unknown>;

/** The routes by `"<METHOD> <path under /api/2.0/mlflow/>"`. With `artifactsDir`, artifact URIs are proxied. */
export function mlflowRoutes(
  store: FileStore,
  artifactsDir: string | undefined,
): Record<string, Route> {
  const proxied = artifactsDir !== undefined;
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

  const routes: Record<string, Route> = {
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
    'POST experiments/restore': async (_q, b) => {
      await store.restoreExperiment(String(b['experiment_id'] ?? ''));
      return {};
    },
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
        ? join(artifactsDir!, (await store.getRun(runId)).info.experimentId, runId, 'artifacts')
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
  return routes;
}
