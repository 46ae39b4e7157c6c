import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MetricPoint, Run, RunInfo, RunRecord, StartRunOptions, Tracker } from '@qstore/core';
import { currentUser, defaultRunName, standardTags } from '../internal/standardTags.js';
import { FileStore } from '../store/fileStore.js';
import type { RunMeta } from '../store/metaFiles.js';
import { type ArtifactSource, type EndStatus, type RunBackend, TrackedRun } from '../trackedRun.js';
import { matchesSearch, type TrackSearchOptions } from './searchFilter.js';

const SCOPE = 'track/file';

/** Options of {@link fileTracker}. */
export interface FileTrackerOptions {
  /** The store folder. @default process.env.MLFLOW_TRACKING_DIR ?? './mlruns' */
  root?: string;
  /** The experiment of runs started without one. @default process.env.MLFLOW_EXPERIMENT_NAME ?? 'Default' */
  defaultExperiment?: string;
  /** Runs started without a parent continue this existing run (set RUNNING again). @default process.env.MLFLOW_RUN_ID */
  resumeRunId?: string;
}

/** A file-store tracker: core's `Tracker` with every read-back method and param/predicate search. */
export interface FileTracker extends Tracker {
  /** The opened store, for lower-level reads (experiments, deletion). */
  store(): Promise<FileStore>;
  searchRuns(options?: TrackSearchOptions): Promise<readonly RunRecord[]>;
  getRun(runId: string): Promise<RunRecord>;
  getMetricHistory(runId: string, key: string): Promise<readonly MetricPoint[]>;
}

class FileRunBackend implements RunBackend {
  readonly scope = SCOPE;
  #info: RunInfo;
  readonly #store: FileStore;
  readonly #startChild: (options: StartRunOptions) => Promise<Run>;

  constructor(
    store: FileStore,
    info: RunInfo,
    startChild: (options: StartRunOptions) => Promise<Run>,
  ) {
    this.#store = store;
    this.#info = info;
    this.#startChild = startChild;
  }

  get info(): RunInfo {
    return this.#info;
  }

  writeParams(params: Readonly<Record<string, string>>): Promise<void> {
    return this.#store.logBatch(this.#info.runId, { params });
  }

  writeMetrics(metrics: readonly MetricPoint[]): Promise<void> {
    return this.#store.logBatch(this.#info.runId, { metrics });
  }

  writeTags(tags: Readonly<Record<string, string>>): Promise<void> {
    return this.#store.logBatch(this.#info.runId, { tags });
  }

  async writeArtifact(artifactPath: string, source: ArtifactSource): Promise<void> {
    const target = join(await this.#store.runDir(this.#info.runId), 'artifacts', artifactPath);
    await mkdir(dirname(target), { recursive: true });
    if ('file' in source) await copyFile(source.file, target);
    else await writeFile(target, source.data);
  }

  async flush(): Promise<void> {
    // Every point is written when logged; nothing is buffered.
  }

  async finish(status: EndStatus, endTime: number): Promise<void> {
    const {
      lifecycleStage: _l,
      userId: _u,
      deletedTime: _d,
      ...info
    } = await this.#store.updateRun(this.#info.runId, { status, endTime });
    this.#info = info;
  }

  startChild(options: StartRunOptions): Promise<Run> {
    return this.#startChild(options);
  }
}

/**
 * A tracker over a local MLflow file store (`./mlruns`): what `mlflow ui --backend-store-uri
 * ./mlruns` opens. Never loses a point: each metric line is written when logged.
 */
export function fileTracker(options: FileTrackerOptions = {}): FileTracker {
  const root = options.root ?? process.env['MLFLOW_TRACKING_DIR'] ?? './mlruns';
  const defaultExperiment =
    options.defaultExperiment ?? process.env['MLFLOW_EXPERIMENT_NAME'] ?? 'Default';
  let opened: Promise<FileStore> | undefined;
  const store = () => {
    opened ??= FileStore.open(root);
    return opened;
  };
  const resumeRunId = options.resumeRunId ?? process.env['MLFLOW_RUN_ID'];
  const startRun = async (start: StartRunOptions = {}): Promise<Run> => {
    const s = await store();
    let created: RunMeta;
    if (resumeRunId !== undefined && resumeRunId !== '' && start.parentRunId === undefined) {
      created = await s.updateRun(resumeRunId, { status: 'RUNNING' });
      if (start.tags !== undefined) await s.logBatch(resumeRunId, { tags: start.tags });
    } else {
      const experiment = await s.getOrCreateExperiment(start.experimentName ?? defaultExperiment);
      const runName = start.runName ?? defaultRunName();
      const tags = { ...standardTags({ runName, parentRunId: start.parentRunId }), ...start.tags };
      created = (
        await s.createRun({
          experimentId: experiment.experimentId,
          runName,
          userId: currentUser(),
          startTime: Date.now(),
          tags,
        })
      ).info;
    }
    const { lifecycleStage: _l, userId: _u, deletedTime: _d, ...info } = created;
    const experimentName = (await s.getExperiment(info.experimentId)).name;
    return new TrackedRun(
      new FileRunBackend(s, info, (child) => startRun({ ...child, experimentName })),
    );
  };
  return {
    name: 'file',
    store,
    startRun,
    async searchRuns(search: TrackSearchOptions = {}) {
      const s = await store();
      const experiments =
        search.experimentName === undefined
          ? await s.listExperiments()
          : [await s.getExperimentByName(search.experimentName)].filter((e) => e !== undefined);
      const runs = await s.searchRuns({
        experimentIds: experiments.map((e) => e.experimentId),
        maxResults: 50_000,
      });
      return runs.filter((run) => matchesSearch(run, search)).slice(0, search.maxResults ?? 1000);
    },
    async getRun(runId: string) {
      return (await store()).getRun(runId);
    },
    async getMetricHistory(runId: string, key: string) {
      return (await store()).getMetricHistory(runId, key);
    },
    async dispose() {
      if (opened !== undefined) (await opened).close();
    },
  };
}
