import type { RunRecord, SearchRunsOptions } from '@qstore/core';

/**
 * Core's run filter plus what comparing tuning trials needs: exact param values and a predicate.
 * (Core's `SearchRunsOptions` has no param or metric filter; these are applied after reading.)
 */
export interface TrackSearchOptions extends SearchRunsOptions {
  /** Only runs with these param values. */
  params?: Readonly<Record<string, string>>;
  /** Only runs for which this returns true (e.g. `(r) => r.metrics['loss']!.value < 0.2`). */
  where?: (run: RunRecord) => boolean;
}

/** Whether a run passes the tag, status, param and predicate filters. */
export function matchesSearch(run: RunRecord, search: TrackSearchOptions): boolean {
  if (search.status !== undefined && run.info.status !== search.status) return false;
  for (const [key, value] of Object.entries(search.tags ?? {}))
    if (run.tags[key] !== value) return false;
  for (const [key, value] of Object.entries(search.params ?? {}))
    if (run.params[key] !== value) return false;
  return search.where === undefined || search.where(run);
}
