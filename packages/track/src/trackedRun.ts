import { readdir, stat } from 'node:fs/promises';
import { basename, join, posix, relative } from 'node:path';
import {
  FormatError,
  type LogMetricOptions,
  type MetricPoint,
  NotFoundError,
  type Run,
  type RunInfo,
  type RunStatus,
  type StartRunOptions,
  StateError,
} from '@qstore/core';
import { truncateValue, validateKey, validateMetric } from './validate.js';

/** The content of one artifact file: a local file to copy, or text/bytes to store. */
export type ArtifactSource = { readonly file: string } | { readonly data: string | Uint8Array };

/** A status a run can end with. */
export type EndStatus = Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'>;

/**
 * The few primitives a sink implements; `TrackedRun` turns them into core's `Run` with the
 * same validation, param immutability and state checks for every sink.
 */
export interface RunBackend {
  readonly info: RunInfo;
  /** The error scope, e.g. `track/file`. */
  readonly scope: string;
  writeParams(params: Readonly<Record<string, string>>): Promise<void>;
  writeMetrics(points: readonly MetricPoint[]): Promise<void> | void;
  writeTags(tags: Readonly<Record<string, string>>): Promise<void>;
  writeArtifact(artifactPath: string, source: ArtifactSource): Promise<void>;
  flush(): Promise<void>;
  /** Delivers everything still buffered and records the end status. */
  finish(status: EndStatus, endTime: number): Promise<void>;
  startChild?(options: StartRunOptions): Promise<Run>;
}

/** Checks an artifact path: relative, `/`-separated, no `..` (refused as `UNSAFE_INPUT`). */
export function safeArtifactPath(path: string, scope: string): string {
  const normal = posix.normalize(path.replaceAll('\\', '/'));
  if (
    path === '' ||
    normal.startsWith('..') ||
    normal.startsWith('/') ||
    normal === '.' ||
    path.includes('\0')
  )
    throw new FormatError(
      'UNSAFE_INPUT',
      `artifact path ${JSON.stringify(path)}: expected a relative path inside the run's artifacts`,
      { scope },
    );
  return normal;
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Core's `Run` over a sink's primitives. */
export class TrackedRun implements Run {
  readonly #backend: RunBackend;
  readonly #params = new Map<string, string>();
  #ended = false;

  constructor(backend: RunBackend) {
    this.#backend = backend;
    if (backend.startChild !== undefined) {
      const start = backend.startChild.bind(backend);
      this.startChild = (options = {}) => {
        this.checkOpen();
        return start({ ...options, parentRunId: this.info.runId });
      };
    }
  }

  /** Starts a nested child run (present when the sink supports it). */
  readonly startChild?: Run['startChild'];

  /** The run's id, experiment, name, status, start time and artifact location. */
  get info(): RunInfo {
    return this.#backend.info;
  }

  /** Whether `end()` has been called. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Throws `INVALID_STATE` once the run has ended (for sinks that add logging methods). */
  protected checkOpen(): void {
    if (this.#ended)
      throw new StateError(
        'INVALID_STATE',
        `run ${this.info.runId} has ended; start a new run to log more`,
        { scope: this.#backend.scope },
      );
  }

  async logParams(params: Readonly<Record<string, string | number | boolean>>): Promise<void> {
    this.checkOpen();
    const { scope } = this.#backend;
    const fresh: Record<string, string> = {};
    for (const [key, raw] of Object.entries(params)) {
      validateKey('param', key, scope);
      const value = truncateValue('param', String(raw));
      const logged = this.#params.get(key) ?? fresh[key];
      if (logged !== undefined && logged !== value)
        throw new StateError(
          'CONFLICT',
          `param ${JSON.stringify(key)} was logged as ${JSON.stringify(logged)}; params cannot change (got ${JSON.stringify(value)})`,
          {
            scope,
            details: { key, stored: logged, value },
          },
        );
      if (logged === undefined) fresh[key] = value;
    }
    if (Object.keys(fresh).length === 0) return;
    await this.#backend.writeParams(fresh);
    for (const [key, value] of Object.entries(fresh)) this.#params.set(key, value);
  }

  async logMetric(key: string, value: number, options: LogMetricOptions = {}): Promise<void> {
    await this.logMetrics({ [key]: value }, options);
  }

  async logMetrics(
    metrics: Readonly<Record<string, number>>,
    options: LogMetricOptions = {},
  ): Promise<void> {
    this.checkOpen();
    const timestamp = options.timestamp ?? Date.now();
    const step = options.step ?? 0;
    const points = Object.entries(metrics).map(([key, value]) => ({ key, value, timestamp, step }));
    for (const point of points) validateMetric(point, this.#backend.scope);
    await this.#backend.writeMetrics(points);
  }

  async setTags(tags: Readonly<Record<string, string>>): Promise<void> {
    this.checkOpen();
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(tags)) {
      validateKey('tag', key, this.#backend.scope);
      clean[key] = truncateValue('tag', String(value));
    }
    await this.#backend.writeTags(clean);
  }

  /**
   * Copies a file to `<artifactPath>/<file name>`, or a folder's contents under `artifactPath`
   * (as MLflow's `log_artifact` / `log_artifacts` do).
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    this.checkOpen();
    const { scope } = this.#backend;
    const base =
      artifactPath === undefined || artifactPath === ''
        ? ''
        : `${safeArtifactPath(artifactPath, scope)}/`;
    const info = await stat(localPath).catch((cause: unknown) => {
      throw new NotFoundError(
        'NOT_FOUND',
        `artifact ${JSON.stringify(localPath)}: expected an existing file or folder`,
        { scope, cause },
      );
    });
    const files = info.isDirectory() ? await listFiles(localPath) : [localPath];
    for (const file of files) {
      const rel = info.isDirectory()
        ? relative(localPath, file).split(/[\\/]/).join('/')
        : basename(file);
      await this.#backend.writeArtifact(safeArtifactPath(`${base}${rel}`, scope), { file });
    }
  }

  async logText(text: string, artifactFile: string): Promise<void> {
    this.checkOpen();
    await this.#backend.writeArtifact(safeArtifactPath(artifactFile, this.#backend.scope), {
      data: text,
    });
  }

  async logDict(value: unknown, artifactFile: string): Promise<void> {
    await this.logText(`${JSON.stringify(value, null, 2)}\n`, artifactFile);
  }

  async flush(): Promise<void> {
    await this.#backend.flush();
  }

  async end(status: EndStatus = 'FINISHED'): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    await this.#backend.finish(status, Date.now());
  }
}
