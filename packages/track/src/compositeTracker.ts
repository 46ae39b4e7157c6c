import type { Run, SearchRunsOptions, StartRunOptions, Tracker } from '@qstore/core';
import { canLogHistograms } from './histogramRun.js';

async function all<T>(tasks: readonly Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

function compositeRun(runs: readonly Run[]): Run {
  const primary = runs[0]!;
  const each = <K extends keyof Run>(
    method: K,
    ...args: Parameters<Extract<Run[K], (...a: never[]) => unknown>>
  ) =>
    all(
      runs.map((run) => (run[method] as (...a: unknown[]) => Promise<unknown>).apply(run, args)),
    ).then(() => undefined);
  const canNest = runs.every((run) => run.startChild !== undefined);
  const histogramRuns = runs.filter(canLogHistograms);
  return {
    get info() {
      return primary.info;
    },
    logParams: (params) => each('logParams', params),
    logMetric: (key, value, options) => each('logMetric', key, value, options),
    logMetrics: (metrics, options) => each('logMetrics', metrics, options),
    setTags: (tags) => each('setTags', tags),
    logArtifact: (localPath, artifactPath) => each('logArtifact', localPath, artifactPath),
    logText: (text, file) => each('logText', text, file),
    logDict: (value, file) => each('logDict', value, file),
    flush: () => each('flush'),
    end: (status) => each('end', status),
    ...(histogramRuns.length > 0
      ? {
          logHistogram: (tag: string, values: ArrayLike<number>, options?: object) =>
            all(histogramRuns.map((run) => run.logHistogram(tag, values, options))).then(
              () => undefined,
            ),
        }
      : {}),
    ...(canNest
      ? {
          startChild: async (options) =>
            compositeRun(await all(runs.map((run) => run.startChild!(options)))),
        }
      : {}),
  };
}

/**
 * Several sinks as one tracker: every run is started on each sink and everything logged goes to
 * all of them. `info` and read-backs come from the first sink that can read back (else the first).
 * A failure in any sink is reported after the others have been given the call. The run offers
 * `logHistogram` when any sink can log histograms (see `canLogHistograms`).
 */
export function compositeTracker(sinks: readonly Tracker[]): Tracker {
  if (sinks.length === 1) return sinks[0]!;
  const reader = sinks.find((sink) => sink.getRun !== undefined);
  const ordered =
    reader === undefined ? sinks : [reader, ...sinks.filter((sink) => sink !== reader)];
  return {
    name: `composite(${ordered.map((sink) => sink.name).join(',')})`,
    async startRun(options?: StartRunOptions) {
      const runs = await all(ordered.map((sink) => sink.startRun(options)));
      return compositeRun(runs);
    },
    ...(reader?.searchRuns === undefined
      ? {}
      : { searchRuns: (options?: SearchRunsOptions) => reader.searchRuns!(options) }),
    ...(reader?.getRun === undefined ? {} : { getRun: (runId: string) => reader.getRun!(runId) }),
    ...(reader?.getMetricHistory === undefined
      ? {}
      : { getMetricHistory: (runId: string, key: string) => reader.getMetricHistory!(runId, key) }),
    async dispose() {
      await all(ordered.map((sink) => sink.dispose?.() ?? Promise.resolve()));
    },
  };
}
