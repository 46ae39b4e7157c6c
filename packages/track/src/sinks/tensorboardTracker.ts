import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MetricPoint, Run, RunInfo, StartRunOptions, Tracker } from '@qstore/core';
import type { HistogramOptions, HistogramRun } from '../histogramRun.js';
import { newRunId } from '../internal/ids.js';
import { defaultRunName } from '../internal/standardTags.js';
import { EventFileWriter } from '../tensorboard/eventFileWriter.js';
import {
  type HParamValue,
  histogramEvent,
  histogramOf,
  scalarEvent,
  sessionEndEvent,
  sessionStartEvent,
  textEvent,
} from '../tensorboard/events.js';
import { type ArtifactSource, type EndStatus, type RunBackend, TrackedRun } from '../trackedRun.js';
import { validateKey } from '../validate.js';

const SCOPE = 'track/tensorboard';

/** Options of {@link tensorboardTracker}. */
export interface TensorBoardTrackerOptions {
  /** The folder `tensorboard --logdir` opens. */
  logdir: string;
  /** How often events are appended to disk, in ms. @default 2000 */
  flushIntervalMs?: number;
  /** The experiment (sub-folder) of runs started without one; `Default` logs at the top. @default 'Default' */
  defaultExperiment?: string;
}

/** A TensorBoard run: core's `Run` plus histograms (of weights and gradients). */
export interface TensorBoardRun extends HistogramRun {
  /** The run's folder (one TensorBoard run). */
  readonly dir: string;
  startChild(
    options?: Omit<StartRunOptions, 'parentRunId' | 'experimentName'>,
  ): Promise<TensorBoardRun>;
}

/** A tracker whose runs are {@link TensorBoardRun}s. */
export interface TensorBoardTracker extends Tracker {
  startRun(options?: StartRunOptions): Promise<TensorBoardRun>;
}

// Params arrive as strings (MLflow's model); the HParams tab wants numbers and booleans typed.
function hparamValue(value: string): HParamValue {
  if (value === 'true' || value === 'false') return value === 'true';
  const n = Number(value);
  return value.trim() !== '' && Number.isFinite(n) && String(n) === value ? n : value;
}

const safeName = (name: string) =>
  name.replace(/[^\p{L}\p{N}_.-]+/gu, '_').replace(/^\.+/, '_') || 'run';

class TensorBoardBackend implements RunBackend {
  readonly scope = SCOPE;
  #info: RunInfo;
  readonly dir: string;
  readonly writer: EventFileWriter;
  readonly #hparams: Record<string, HParamValue> = {};
  readonly #seenTags = new Set<string>();
  readonly #startChild: (options: StartRunOptions) => Promise<Run>;

  constructor(
    info: RunInfo,
    dir: string,
    writer: EventFileWriter,
    startChild: (o: StartRunOptions) => Promise<Run>,
  ) {
    this.#info = info;
    this.dir = dir;
    this.writer = writer;
    this.#startChild = startChild;
  }

  get info(): RunInfo {
    return this.#info;
  }

  async writeParams(params: Readonly<Record<string, string>>): Promise<void> {
    for (const [key, value] of Object.entries(params)) this.#hparams[key] = hparamValue(value);
    const now = Date.now() / 1000;
    this.writer.write(
      sessionStartEvent({
        hparams: this.#hparams,
        groupName: '',
        startTimeSecs: this.#info.startTime / 1000,
        wallTime: now,
      }),
    );
  }

  writeMetrics(points: readonly MetricPoint[]): void {
    for (const p of points) {
      const first = !this.#seenTags.has(p.key);
      this.#seenTags.add(p.key);
      this.writer.write(
        scalarEvent({
          tag: p.key,
          value: p.value,
          step: p.step,
          wallTime: p.timestamp / 1000,
          withMetadata: first,
        }),
      );
    }
  }

  async writeTags(tags: Readonly<Record<string, string>>): Promise<void> {
    for (const [key, text] of Object.entries(tags))
      this.writer.write(
        textEvent({ tag: `tags/${key}`, text, step: 0, wallTime: Date.now() / 1000 }),
      );
  }

  async writeArtifact(artifactPath: string, source: ArtifactSource): Promise<void> {
    const target = join(this.dir, 'artifacts', artifactPath);
    await mkdir(dirname(target), { recursive: true });
    if ('file' in source) await copyFile(source.file, target);
    else {
      await writeFile(target, source.data);
      if (typeof source.data === 'string')
        this.writer.write(
          textEvent({
            tag: `artifacts/${artifactPath}`,
            text: source.data,
            step: 0,
            wallTime: Date.now() / 1000,
          }),
        );
    }
  }

  logHistogram(
    tag: string,
    values: ArrayLike<number>,
    step: number,
    timestamp: number,
    buckets?: number,
  ): void {
    this.writer.write(
      histogramEvent({
        tag,
        histogram: histogramOf(values, buckets),
        step,
        wallTime: timestamp / 1000,
      }),
    );
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  async finish(status: EndStatus, endTime: number): Promise<void> {
    this.writer.write(
      sessionEndEvent({
        success: status === 'FINISHED',
        endTimeSecs: endTime / 1000,
        wallTime: endTime / 1000,
      }),
    );
    await this.writer.close();
    this.#info = { ...this.#info, status, endTime };
  }

  startChild(options: StartRunOptions): Promise<Run> {
    return this.#startChild(options);
  }
}

class TensorBoardRunImpl extends TrackedRun implements TensorBoardRun {
  readonly #backend: TensorBoardBackend;
  declare startChild: TensorBoardRun['startChild'];

  constructor(backend: TensorBoardBackend) {
    super(backend);
    this.#backend = backend;
  }

  get dir(): string {
    return this.#backend.dir;
  }

  async logHistogram(
    tag: string,
    values: ArrayLike<number>,
    options: HistogramOptions = {},
  ): Promise<void> {
    this.checkOpen();
    validateKey('metric', tag, SCOPE);
    this.#backend.logHistogram(
      tag,
      values,
      options.step ?? 0,
      options.timestamp ?? Date.now(),
      options.buckets,
    );
  }
}

/**
 * A tracker writing TensorBoard event files: one folder per run under `logdir` (children nested
 * in their parent's folder), scalars, text, histograms and hparams for the HParams tab. Write-only:
 * read the files back with `readEventFile`.
 */
export function tensorboardTracker(options: TensorBoardTrackerOptions): TensorBoardTracker {
  const logdir = resolve(options.logdir);
  const open = async (
    parentDir: string,
    start: StartRunOptions,
    experimentId: string,
  ): Promise<TensorBoardRun> => {
    const runName = start.runName ?? defaultRunName();
    let dir = join(parentDir, safeName(runName));
    if (existsSync(dir) && readdirSync(dir).some((f) => f.includes('tfevents')))
      dir = `${dir}-${newRunId().slice(0, 6)}`;
    const writer = await EventFileWriter.open(dir, { flushIntervalMs: options.flushIntervalMs });
    const info: RunInfo = {
      runId: newRunId(),
      experimentId,
      runName,
      status: 'RUNNING',
      startTime: Date.now(),
      artifactUri: pathToFileURL(join(dir, 'artifacts')).href,
    };
    const backend = new TensorBoardBackend(info, dir, writer, (child) =>
      open(dir, child, experimentId),
    );
    const run = new TensorBoardRunImpl(backend);
    if (start.tags !== undefined) await run.setTags(start.tags);
    return run;
  };
  return {
    name: 'tensorboard',
    startRun(start: StartRunOptions = {}) {
      const experiment = start.experimentName ?? options.defaultExperiment;
      const parent =
        experiment === undefined || experiment === 'Default'
          ? logdir
          : join(logdir, safeName(experiment));
      return open(parent, start, experiment ?? 'Default');
    },
  };
}
