import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type MetricPoint,
  NotFoundError,
  type RunRecord,
  type RunStatus,
  StateError,
  ValidationError,
} from '@qstore/core';
import { createFileExclusive, writeFileAtomic } from '../internal/atomicFile.js';
import { withFileLock } from '../internal/fileLock.js';
import { newRunId } from '../internal/ids.js';
import { truncateValue, validateKey, validateMetric } from '../validate.js';
import { ExperimentCatalog, skipCorrupt } from './experimentCatalog.js';
import { parseRunMeta, type RunMeta, runMetaYaml } from './metaFiles.js';
import {
  latestPoint,
  listKeyFiles,
  MetricAppender,
  parseMetricLines,
  readValueFiles,
} from './runFiles.js';

const SCOPE = 'track/file';
const ACTIVE_CHECK_MS = 1000;

/** A run as read back from the store, with its lifecycle. */
export interface StoredRun extends RunRecord {
  readonly info: RunMeta;
}

/** What `FileStore.createRun` needs. */
export interface CreateRunInput {
  experimentId: string;
  runName: string;
  userId: string;
  startTime: number;
  tags: Readonly<Record<string, string>>;
}

/** What one `logBatch` writes (already validated keys are re-checked here: this is the boundary). */
export interface LogBatchInput {
  metrics?: readonly MetricPoint[];
  params?: Readonly<Record<string, string>>;
  tags?: Readonly<Record<string, string>>;
}

/**
 * MLflow's file store (`./mlruns`) read and written exactly as MLflow does: meta.yaml files
 * rewritten atomically, append-only metric files, one file per param and tag. Safe for several
 * processes logging to the same experiments. Used by the `file:` sink and by the test server.
 */
export class FileStore extends ExperimentCatalog {
  readonly #appender = new MetricAppender();
  readonly #runDirs = new Map<string, string>();
  readonly #activeAt = new Map<string, number>();

  private constructor(root: string) {
    super(root);
  }

  /** Opens (and when new, initialises with experiment `0` "Default" and `.trash/`) a store folder. */
  static async open(root: string): Promise<FileStore> {
    const store = new FileStore(resolve(root));
    await mkdir(store.root, { recursive: true });
    await mkdir(join(store.root, '.trash'), { recursive: true });
    if (!existsSync(join(store.root, '0', 'meta.yaml'))) {
      await withFileLock(store.lockPath, async () => {
        if (existsSync(join(store.root, '0', 'meta.yaml'))) return;
        await store.writeExperiment('0', 'Default');
      });
    }
    return store;
  }

  /** Creates a run folder (meta.yaml, metrics/, params/, tags/, artifacts/) in RUNNING state. */
  async createRun(input: CreateRunInput): Promise<StoredRun> {
    const experiment = await this.getExperiment(input.experimentId);
    if (experiment.lifecycleStage !== 'active')
      throw new StateError(
        'INVALID_STATE',
        `experiment ${experiment.experimentId} is deleted; cannot create runs in it`,
        { scope: SCOPE },
      );
    const runId = newRunId();
    const dir = join(this.root, experiment.experimentId, runId);
    await Promise.all(
      ['metrics', 'params', 'tags', 'artifacts'].map((sub) =>
        mkdir(join(dir, sub), { recursive: true }),
      ),
    );
    const info: RunMeta = {
      runId,
      experimentId: experiment.experimentId,
      runName: input.runName,
      status: 'RUNNING',
      startTime: input.startTime,
      artifactUri: pathToFileURL(join(dir, 'artifacts')).href,
      lifecycleStage: 'active',
      userId: input.userId,
      deletedTime: null,
    };
    await writeFileAtomic(join(dir, 'meta.yaml'), runMetaYaml(info));
    this.#runDirs.set(runId, dir);
    await this.logBatch(runId, { tags: { ...input.tags, 'mlflow.runName': input.runName } });
    return this.getRun(runId);
  }

  /** The folder of a run, found by scanning experiments once and then cached. */
  async runDir(runId: string): Promise<string> {
    const cached = this.#runDirs.get(runId);
    if (cached !== undefined) return cached;
    if (/^[a-zA-Z0-9][\w-]{0,255}$/.test(runId)) {
      for (const experiment of await this.listExperiments()) {
        const dir = join(this.root, experiment.experimentId, runId);
        if (existsSync(join(dir, 'meta.yaml'))) {
          this.#runDirs.set(runId, dir);
          return dir;
        }
      }
    }
    throw new NotFoundError(
      'NOT_FOUND',
      `no run with id ${JSON.stringify(runId)} in ${this.root}`,
      { scope: SCOPE },
    );
  }

  // A deleted run refuses logging (as MLflow checks on every call); the answer is re-read at most
  // once per ACTIVE_CHECK_MS so that logging a point costs one write, not a meta.yaml parse.
  async #checkActive(runId: string): Promise<void> {
    const checked = this.#activeAt.get(runId);
    if (checked !== undefined && Date.now() - checked < ACTIVE_CHECK_MS) return;
    if ((await this.#readMeta(runId)).lifecycleStage !== 'active') {
      this.#activeAt.delete(runId);
      throw new StateError('INVALID_STATE', `run ${runId} is deleted; cannot log to it`, {
        scope: SCOPE,
      });
    }
    this.#activeAt.set(runId, Date.now());
  }

  async #readMeta(runId: string): Promise<RunMeta> {
    const file = join(await this.runDir(runId), 'meta.yaml');
    return parseRunMeta(await readFile(file, 'utf8'), file);
  }

  /**
   * Logs params (immutable: the same value again is fine, another value is `CONFLICT`), metrics
   * (appended) and tags (replaced atomically; `mlflow.runName` also renames the run).
   */
  async logBatch(runId: string, batch: LogBatchInput): Promise<void> {
    const params = Object.entries(batch.params ?? {});
    const tags = Object.entries(batch.tags ?? {});
    for (const [key] of params) validateKey('param', key, SCOPE);
    for (const [key] of tags) validateKey('tag', key, SCOPE);
    for (const point of batch.metrics ?? []) validateMetric(point, SCOPE);
    const dir = await this.runDir(runId);
    await this.#checkActive(runId);
    for (const [key, raw] of params) {
      const value = truncateValue('param', raw);
      const path = join(dir, 'params', key);
      if (await createFileExclusive(path, value, dir)) continue;
      const stored = await readFile(path, 'utf8');
      if (stored !== value)
        throw new StateError(
          'CONFLICT',
          `param ${JSON.stringify(key)} of run ${runId} was logged as ${JSON.stringify(stored)}; params cannot change (got ${JSON.stringify(value)})`,
          {
            scope: SCOPE,
            details: { key, stored, value },
          },
        );
    }
    if (batch.metrics !== undefined && batch.metrics.length > 0)
      this.#appender.append(join(dir, 'metrics'), batch.metrics);
    for (const [key, raw] of tags) {
      const value = truncateValue('tag', raw);
      await writeFileAtomic(join(dir, 'tags', key), value, dir);
      if (key === 'mlflow.runName' && value !== (await this.#readMeta(runId)).runName)
        await this.updateRun(runId, { runName: value });
    }
  }

  /** Sets status, end time or name, rewriting meta.yaml atomically. */
  async updateRun(
    runId: string,
    update: { status?: RunStatus; endTime?: number; runName?: string },
  ): Promise<RunMeta> {
    const dir = await this.runDir(runId);
    const meta = await this.#readMeta(runId);
    const { deletedTime: _dropped, ...rest } = meta;
    const next: RunMeta = {
      ...rest,
      ...(update.status === undefined ? {} : { status: update.status }),
      ...(update.endTime === undefined ? {} : { endTime: update.endTime }),
      ...(update.runName === undefined ? {} : { runName: update.runName }),
    };
    await writeFileAtomic(join(dir, 'meta.yaml'), runMetaYaml(next));
    if (update.runName !== undefined && update.runName !== meta.runName)
      await writeFileAtomic(join(dir, 'tags', 'mlflow.runName'), update.runName, dir);
    if (update.status !== undefined && update.status !== 'RUNNING')
      this.#appender.close(`${dir}${sep}`);
    return next;
  }

  /** A run with its params, tags and the latest value of every metric. */
  async getRun(runId: string): Promise<StoredRun> {
    const dir = await this.runDir(runId);
    const info = await this.#readMeta(runId);
    const [params, tags, metricFiles] = await Promise.all([
      readValueFiles(join(dir, 'params')),
      readValueFiles(join(dir, 'tags')),
      listKeyFiles(join(dir, 'metrics')),
    ]);
    const metrics: Record<string, MetricPoint> = {};
    await Promise.all(
      [...metricFiles].map(async ([key, file]) => {
        const latest = latestPoint(parseMetricLines(await readFile(file, 'utf8'), key, file));
        if (latest !== undefined) metrics[key] = latest;
      }),
    );
    return {
      info: { ...info, runName: info.runName || (tags['mlflow.runName'] ?? '') },
      params,
      tags,
      metrics,
    };
  }

  /** Every point of one metric of a run, in the order logged. */
  async getMetricHistory(runId: string, key: string): Promise<MetricPoint[]> {
    validateKey('metric', key, SCOPE);
    const file = join(await this.runDir(runId), 'metrics', key);
    if (!existsSync(file)) return [];
    return parseMetricLines(await readFile(file, 'utf8'), key, file);
  }

  /** The active (or all) runs of some experiments, newest first. */
  async searchRuns(options: {
    experimentIds: readonly string[];
    includeDeleted?: boolean;
    maxResults?: number;
  }): Promise<StoredRun[]> {
    const max = options.maxResults ?? 1000;
    if (!Number.isInteger(max) || max < 1 || max > 50_000)
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `maxResults: expected an integer 1..50000, got ${max}`,
        { scope: SCOPE },
      );
    const runs: StoredRun[] = [];
    for (const id of options.experimentIds) {
      const dir = join(this.root, id);
      if (!existsSync(dir)) continue;
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || !existsSync(join(dir, entry.name, 'meta.yaml'))) continue;
        this.#runDirs.set(entry.name, join(dir, entry.name));
        const run = await this.getRun(entry.name).catch(skipCorrupt);
        if (
          run !== undefined &&
          run.info.experimentId === id &&
          (options.includeDeleted || run.info.lifecycleStage === 'active')
        )
          runs.push(run);
      }
    }
    return runs.sort((a, b) => b.info.startTime - a.info.startTime).slice(0, max);
  }

  /** Marks a run deleted (`lifecycle_stage: deleted`, `deleted_time`), as `mlflow.delete_run` does. */
  async deleteRun(runId: string): Promise<void> {
    const dir = await this.runDir(runId);
    this.#activeAt.delete(runId);
    const meta = await this.#readMeta(runId);
    await writeFileAtomic(
      join(dir, 'meta.yaml'),
      runMetaYaml({ ...meta, lifecycleStage: 'deleted', deletedTime: Date.now() }),
    );
  }

  /** Deletes an experiment (not `0`): its active runs are marked deleted, its folder moves to `.trash/`. */
  async deleteExperiment(id: string): Promise<void> {
    if (id === '0')
      throw new StateError('INVALID_STATE', 'the Default experiment (id 0) cannot be deleted', {
        scope: SCOPE,
      });
    const meta = await this.getExperiment(id);
    for (const run of await this.searchRuns({ experimentIds: [id] }))
      await this.deleteRun(run.info.runId);
    await this.trashExperiment(meta);
  }

  /** Closes every open metric file. */
  close(): void {
    this.#appender.close();
  }
}
