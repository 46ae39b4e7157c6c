import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type MetricPoint,
  type Run,
  type RunInfo,
  type RunRecord,
  type StartRunOptions,
  type Tracker,
  ValidationError,
} from '@qstore/core';
import { currentUser, defaultRunName, standardTags } from '../internal/standardTags.js';
import { BatchSender } from '../mlflow/batchSender.js';
import type { HttpOptions } from '../mlflow/http.js';
import { MlflowClient } from '../mlflow/mlflowClient.js';
import { defaultSpoolDir, deliverSpool, isUnreachable, writeSpool } from '../mlflow/spool.js';
import { type ArtifactSource, type EndStatus, type RunBackend, TrackedRun } from '../trackedRun.js';
import { matchesSearch, type TrackSearchOptions } from './searchFilter.js';

const SCOPE = 'track/mlflow';

/** Options of {@link mlflowTracker}. */
export interface MlflowTrackerOptions extends Omit<HttpOptions, 'trackingUri'> {
  /** The server. @default process.env.MLFLOW_TRACKING_URI */
  trackingUri?: string;
  /**
   * The experiment of runs started without one. @default MLFLOW_EXPERIMENT_NAME ?? 'Default'.
   * (`MLFLOW_EXPERIMENT_ID` picks an experiment by id; `MLFLOW_RUN_ID` makes runs started without
   * a parent continue that existing run.)
   */
  defaultExperiment?: string;
  /** How often buffered metrics are sent in the background, in ms. @default 1000 */
  flushIntervalMs?: number;
  /** Where runs ended while the server was down keep their unsent data. @default defaultSpoolDir() */
  spoolDir?: string;
}

/** An MLflow-server tracker: core's `Tracker` with read-back, search and the spool. */
export interface MlflowTracker extends Tracker {
  readonly client: MlflowClient;
  searchRuns(options?: TrackSearchOptions): Promise<readonly RunRecord[]>;
  getRun(runId: string): Promise<RunRecord>;
  getMetricHistory(runId: string, key: string): Promise<readonly MetricPoint[]>;
  /** Sends what earlier runs spooled while the server was down; returns how many runs were delivered. */
  deliverSpool(): Promise<number>;
}

class MlflowBackend implements RunBackend {
  readonly scope = SCOPE;
  #info: RunInfo;
  readonly #client: MlflowClient;
  readonly #sender: BatchSender;
  readonly #spoolDir: string;
  readonly #startChild: (options: StartRunOptions) => Promise<Run>;

  constructor(
    client: MlflowClient,
    info: RunInfo,
    options: {
      flushIntervalMs: number;
      spoolDir: string;
      startChild: (o: StartRunOptions) => Promise<Run>;
    },
  ) {
    this.#client = client;
    this.#info = info;
    this.#spoolDir = options.spoolDir;
    this.#startChild = options.startChild;
    this.#sender = new BatchSender({
      send: (chunk) => client.logChunk(info.runId, chunk),
      flushIntervalMs: options.flushIntervalMs,
      keep: isUnreachable,
    });
  }

  get info(): RunInfo {
    return this.#info;
  }

  async writeParams(params: Readonly<Record<string, string>>): Promise<void> {
    this.#sender.add({ params: { ...params } });
  }

  writeMetrics(metrics: readonly MetricPoint[]): void {
    this.#sender.add({ metrics: [...metrics] });
  }

  async writeTags(tags: Readonly<Record<string, string>>): Promise<void> {
    this.#sender.add({ tags: { ...tags } });
  }

  async writeArtifact(artifactPath: string, source: ArtifactSource): Promise<void> {
    const data = 'file' in source ? new Uint8Array(await readFile(source.file)) : source.data;
    const uri = this.#info.artifactUri;
    if (uri.startsWith('file:')) {
      const target = join(fileURLToPath(uri), artifactPath);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, data);
    } else await this.#client.uploadArtifact(uri, artifactPath, data);
  }

  flush(): Promise<void> {
    return this.#sender.flush();
  }

  async finish(status: EndStatus, endTime: number): Promise<void> {
    this.#sender.close();
    let refused: unknown;
    try {
      await this.#sender.flush().catch((error: unknown) => {
        if (isUnreachable(error)) throw error;
        refused = error; // a refused chunk must not keep the run from being ended
      });
      await this.#client.updateRun(this.#info.runId, status, endTime);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const file = await writeSpool(this.#spoolDir, {
        trackingUri: this.#client.http.trackingUri,
        runId: this.#info.runId,
        ...this.#sender.pending(),
        status,
        endTime,
      });
      process.emitWarning(
        `[qstore] [${SCOPE}] the server is unreachable; run ${this.#info.runId} was spooled to ${file} and is delivered at the next start`,
        { code: 'QSTORE_SPOOLED' },
      );
    }
    this.#info = { ...this.#info, status, endTime };
    if (refused !== undefined) throw refused;
  }

  startChild(options: StartRunOptions): Promise<Run> {
    return this.#startChild(options);
  }
}

/**
 * A tracker logging to an MLflow tracking server over its REST API. Metrics, params and tags
 * are buffered and sent in the background (`flush()`/`end()` wait for delivery); a run that ends
 * while the server is down is spooled to disk and delivered at the next `startRun`.
 */
export function mlflowTracker(options: MlflowTrackerOptions = {}): MlflowTracker {
  const env = options.env ?? process.env;
  const trackingUri = options.trackingUri ?? env['MLFLOW_TRACKING_URI'];
  if (trackingUri === undefined || !/^https?:\/\//.test(trackingUri))
    throw new ValidationError(
      'INVALID_CONFIG',
      `tracking URI ${JSON.stringify(trackingUri)}: expected http(s)://host[:port] (or set MLFLOW_TRACKING_URI)`,
      { scope: SCOPE },
    );
  const client = new MlflowClient({ ...options, trackingUri, env });
  const spoolDir = options.spoolDir ?? defaultSpoolDir();
  const defaultExperiment = options.defaultExperiment ?? env['MLFLOW_EXPERIMENT_NAME'] ?? 'Default';
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  let spoolChecked = false;

  const experimentId = (name: string | undefined) => {
    if (name === undefined && env['MLFLOW_EXPERIMENT_ID'] !== undefined)
      return Promise.resolve(env['MLFLOW_EXPERIMENT_ID']);
    return client.getOrCreateExperiment(name ?? defaultExperiment);
  };

  // `inExperiment`: children go to their parent's experiment id.
  const startRun = async (start: StartRunOptions = {}, inExperiment?: string): Promise<Run> => {
    if (!spoolChecked) {
      await deliverSpool(client, spoolDir);
      spoolChecked = true;
    }
    let created: RunRecord;
    const resume = env['MLFLOW_RUN_ID'];
    if (resume !== undefined && resume !== '' && start.parentRunId === undefined) {
      await client.updateRun(resume, 'RUNNING');
      if (start.tags !== undefined) await client.logBatch(resume, { tags: start.tags });
      created = await client.getRun(resume);
    } else {
      const experiment = inExperiment ?? (await experimentId(start.experimentName));
      const runName = start.runName ?? defaultRunName();
      created = await client.createRun({
        experimentId: experiment,
        runName,
        startTime: Date.now(),
        userId: currentUser(),
        tags: { ...standardTags({ runName, parentRunId: start.parentRunId }), ...start.tags },
      });
    }
    return new TrackedRun(
      new MlflowBackend(client, created.info, {
        flushIntervalMs,
        spoolDir,
        startChild: (child) => startRun(child, created.info.experimentId),
      }),
    );
  };

  return {
    name: 'mlflow',
    client,
    startRun: (start) => startRun(start),
    async searchRuns(search: TrackSearchOptions = {}) {
      const experiment = await client.getExperimentByName(
        search.experimentName ?? defaultExperiment,
      );
      if (experiment === undefined) return [];
      const runs = await client.searchRuns([experiment.experiment_id], 50_000);
      return runs.filter((run) => matchesSearch(run, search)).slice(0, search.maxResults ?? 1000);
    },
    getRun: (runId) => client.getRun(runId),
    getMetricHistory: (runId, key) => client.getMetricHistory(runId, key),
    deliverSpool: () => deliverSpool(client, spoolDir),
  };
}
