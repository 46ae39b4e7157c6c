import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import {
  FormatError,
  type MetricPoint,
  type RunRecord,
  type RunStatus,
  StateError,
  ValidationError,
} from '@qstore/core';
import type { z } from 'zod';
import { type BatchChunk, chunkBatch } from './batching.js';
import { type HttpOptions, MlflowHttp } from './http.js';
import {
  createExperimentResponse,
  emptyResponse,
  encodeJson,
  getExperimentResponse,
  historyResponse,
  listArtifactsResponse,
  runResponse,
  type runSchema,
  searchRunsResponse,
} from './schemas.js';

const SCOPE = 'track/mlflow';
/** What the Python client asks per history page (MLflow 3.6 returns nothing without it). */
const HISTORY_PAGE = 25_000;

/** A run as returned by the server, in core's shape. */
export function toRunRecord(run: z.output<typeof runSchema>): RunRecord {
  const pairs = (items: readonly { key: string; value: string }[]) =>
    Object.fromEntries(items.map((i) => [i.key, i.value]));
  const { info, data } = run;
  return {
    info: {
      runId: info.run_id,
      experimentId: info.experiment_id,
      runName: info.run_name,
      status: info.status,
      startTime: info.start_time,
      ...(info.end_time === undefined ? {} : { endTime: info.end_time }),
      artifactUri: info.artifact_uri,
    },
    params: pairs(data.params),
    tags: pairs(data.tags),
    metrics: Object.fromEntries(data.metrics.map((m) => [m.key, m])),
  };
}

/** A typed client of the MLflow tracking REST API (the endpoints of spec §2.2 and §2.4). */
export class MlflowClient {
  readonly http: MlflowHttp;

  constructor(options: HttpOptions) {
    this.http = new MlflowHttp(options);
  }

  /** The experiment's id, created when missing (re-read on a creation race); a deleted one is restored. */
  async getOrCreateExperiment(name: string): Promise<string> {
    const existing = await this.getExperimentByName(name);
    if (existing !== undefined) {
      if (existing.lifecycle_stage !== 'active') {
        await this.http.post(
          'experiments/restore',
          encodeJson({ experiment_id: existing.experiment_id }),
          emptyResponse,
        );
      }
      return existing.experiment_id;
    }
    try {
      return (
        await this.http.post('experiments/create', encodeJson({ name }), createExperimentResponse)
      ).experiment_id;
    } catch (error) {
      if (!(error instanceof StateError && error.code === 'ALREADY_EXISTS')) throw error;
      const raced = await this.getExperimentByName(name);
      if (raced === undefined) throw error;
      return raced.experiment_id;
    }
  }

  /** The experiment with this name, or undefined. */
  async getExperimentByName(
    name: string,
  ): Promise<z.output<typeof getExperimentResponse>['experiment'] | undefined> {
    try {
      return (
        await this.http.get(
          'experiments/get-by-name',
          { experiment_name: name },
          getExperimentResponse,
        )
      ).experiment;
    } catch (error) {
      if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
      throw error;
    }
  }

  /** Creates a run with its tags and start time. */
  async createRun(input: {
    experimentId: string;
    runName: string;
    startTime: number;
    userId: string;
    tags: Readonly<Record<string, string>>;
  }): Promise<RunRecord> {
    const body = {
      experiment_id: input.experimentId,
      run_name: input.runName,
      start_time: input.startTime,
      user_id: input.userId,
      tags: Object.entries(input.tags).map(([key, value]) => ({ key, value })),
    };
    return toRunRecord((await this.http.post('runs/create', encodeJson(body), runResponse)).run);
  }

  /** Sends params, tags and metrics in as many `log-batch` requests as the limits need. */
  async logBatch(
    runId: string,
    input: {
      params?: Readonly<Record<string, string>>;
      tags?: Readonly<Record<string, string>>;
      metrics?: readonly MetricPoint[];
    },
  ): Promise<void> {
    for (const chunk of chunkBatch(input)) await this.logChunk(runId, chunk);
  }

  /** Sends one `log-batch` request. */
  async logChunk(runId: string, chunk: BatchChunk): Promise<void> {
    await this.http.post('runs/log-batch', encodeJson({ run_id: runId, ...chunk }), emptyResponse);
  }

  /** Sets a run's status and, when given, its end time. */
  async updateRun(runId: string, status: RunStatus, endTime?: number): Promise<void> {
    const body = { run_id: runId, status, ...(endTime === undefined ? {} : { end_time: endTime }) };
    await this.http.post('runs/update', encodeJson(body), emptyResponse);
  }

  /** A run with params, tags and latest metrics. */
  async getRun(runId: string): Promise<RunRecord> {
    return toRunRecord((await this.http.get('runs/get', { run_id: runId }, runResponse)).run);
  }

  /** Every run of some experiments (following `next_page_token`), newest first. */
  async searchRuns(experimentIds: readonly string[], maxResults: number): Promise<RunRecord[]> {
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 50_000)
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `maxResults: expected an integer 1..50000, got ${maxResults}`,
        { scope: SCOPE },
      );
    const out: RunRecord[] = [];
    let token: string | undefined;
    do {
      const body = {
        experiment_ids: experimentIds,
        run_view_type: 'ACTIVE_ONLY',
        max_results: Math.min(1000, maxResults - out.length),
        order_by: ['attributes.start_time DESC'],
        ...(token === undefined ? {} : { page_token: token }),
      };
      const page = await this.http.post('runs/search', encodeJson(body), searchRunsResponse);
      out.push(...page.runs.map(toRunRecord));
      token = page.next_page_token || undefined;
    } while (token !== undefined && out.length < maxResults);
    return out;
  }

  /** Every point of a metric, paging with `max_results` as the Python client does. */
  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    const out: MetricPoint[] = [];
    let token: string | undefined;
    do {
      const query = {
        run_id: runId,
        metric_key: key,
        max_results: HISTORY_PAGE,
        ...(token === undefined ? {} : { page_token: token }),
      };
      const page = await this.http.get('metrics/get-history', query, historyResponse);
      out.push(
        ...page.metrics.map((m) => ({
          key: m.key,
          value: m.value,
          timestamp: m.timestamp,
          step: m.step,
        })),
      );
      token = page.next_page_token || undefined;
    } while (token !== undefined);
    return out;
  }

  #artifactUrl(artifactUri: string, artifactPath: string): string {
    if (!artifactUri.startsWith('mlflow-artifacts:'))
      throw new FormatError(
        'UNSUPPORTED_FORMAT',
        `artifact URI ${artifactUri}: only mlflow-artifacts:/ (proxied) and file:// are supported; upload to other stores with their own tools`,
        {
          scope: SCOPE,
        },
      );
    const base = artifactUri.replace(/^mlflow-artifacts:(\/\/[^/]*)?\/?/, '');
    const encoded = `${base}/${artifactPath}`.split('/').map(encodeURIComponent).join('/');
    return `api/2.0/mlflow-artifacts/artifacts/${encoded}`;
  }

  /** Uploads one artifact file through the server (`mlflow-artifacts:/`); `file://` URIs are written by the caller. */
  async uploadArtifact(
    artifactUri: string,
    artifactPath: string,
    data: Uint8Array | string,
  ): Promise<void> {
    await this.http.putBytes(this.#artifactUrl(artifactUri, artifactPath), data);
  }

  /** Downloads one artifact file (proxied, or read from a `file://` artifact root). */
  async downloadArtifact(artifactUri: string, artifactPath: string): Promise<Uint8Array> {
    if (artifactUri.startsWith('file:'))
      return new Uint8Array(await readFile(`${fileURLToPath(artifactUri)}/${artifactPath}`));
    return this.http.getBytes(this.#artifactUrl(artifactUri, artifactPath));
  }

  /** The files and folders directly under an artifact path of a run. */
  async listArtifacts(
    runId: string,
    path = '',
  ): Promise<{ path: string; isDir: boolean; fileSize?: number }[]> {
    const page = await this.http.get(
      'artifacts/list',
      { run_id: runId, ...(path === '' ? {} : { path }) },
      listArtifactsResponse,
    );
    return page.files.map((f) => ({
      path: f.path,
      isDir: f.is_dir,
      ...(f.file_size === undefined ? {} : { fileSize: f.file_size }),
    }));
  }
}
