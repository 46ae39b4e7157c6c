/** How a run ended. */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;

/** The status of a run (MLflow's vocabulary). */
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One logged value of a metric. */
export interface MetricPoint {
  readonly key: string;
  readonly value: number;
  /** Milliseconds since the Unix epoch. */
  readonly timestamp: number;
  readonly step: number;
}

/** What identifies and describes a run. */
export interface RunInfo {
  readonly runId: string;
  readonly experimentId: string;
  readonly runName: string;
  readonly status: RunStatus;
  /** Milliseconds since the Unix epoch. */
  readonly startTime: number;
  readonly endTime?: number;
  /** Where the run's artifacts live (a `file:` path or a server URI). */
  readonly artifactUri: string;
}

/** A run as read back: info, params, tags and the latest value of each metric. */
export interface RunRecord {
  readonly info: RunInfo;
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, MetricPoint>>;
}

/** How to start a run. */
export interface StartRunOptions {
  /** The experiment by name; created when missing. */
  experimentName?: string;
  runName?: string;
  tags?: Readonly<Record<string, string>>;
  /** Starts the run as a child of this run (tuning trials under a study run). */
  parentRunId?: string;
}

/** Options of one metric value. */
export interface LogMetricOptions {
  /** @default 0 */
  step?: number;
  /** Milliseconds since the Unix epoch. @default Date.now() */
  timestamp?: number;
}

/** A run in progress: everything logged to it is kept, even when the process dies. */
export interface Run {
  readonly info: RunInfo;
  /** Logs parameters; a changed value for a logged key is a `CONFLICT`. */
  logParams(params: Readonly<Record<string, string | number | boolean>>): Promise<void>;
  logMetric(key: string, value: number, options?: LogMetricOptions): Promise<void>;
  /** Logs several metrics at one step. */
  logMetrics(metrics: Readonly<Record<string, number>>, options?: LogMetricOptions): Promise<void>;
  setTags(tags: Readonly<Record<string, string>>): Promise<void>;
  /** Copies a file or a folder into the run's artifacts, under `artifactPath` when given. */
  logArtifact(localPath: string, artifactPath?: string): Promise<void>;
  /** Stores a text as an artifact file. */
  logText(text: string, artifactFile: string): Promise<void>;
  /** Stores a JSON-serialisable value as an artifact file. */
  logDict(value: unknown, artifactFile: string): Promise<void>;
  /** Starts a nested child run. */
  startChild?(options?: Omit<StartRunOptions, 'parentRunId' | 'experimentName'>): Promise<Run>;
  /** Waits until everything logged so far is stored. */
  flush(): Promise<void>;
  /** Flushes and marks the run ended. @default status 'FINISHED' */
  end(status?: Exclude<RunStatus, 'RUNNING' | 'SCHEDULED'>): Promise<void>;
}

/** A filter for searching runs. */
export interface SearchRunsOptions {
  experimentName?: string;
  /** Only runs with these tag values. */
  tags?: Readonly<Record<string, string>>;
  status?: RunStatus;
  /** @default 1000 */
  maxResults?: number;
}

/**
 * A place runs are logged to: the local MLflow-layout store, an MLflow server, TensorBoard
 * files, a composite of several, or a user's own sink.
 */
export interface Tracker {
  /** The sink's name, e.g. `"file"`, `"mlflow"`, `"tensorboard"`. */
  readonly name: string;
  startRun(options?: StartRunOptions): Promise<Run>;
  /** Runs matching a filter, newest first, when the sink can read back. */
  searchRuns?(options?: SearchRunsOptions): Promise<readonly RunRecord[]>;
  getRun?(runId: string): Promise<RunRecord>;
  getMetricHistory?(runId: string, key: string): Promise<readonly MetricPoint[]>;
  /** Flushes every open run and releases resources. */
  dispose?(): Promise<void>;
}
