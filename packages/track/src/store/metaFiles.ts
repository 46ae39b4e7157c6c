import { FormatError, RUN_STATUSES, type RunInfo, type RunStatus } from '@qstore/core';
import { emitMetaYaml, type MetaValue, parseMetaYaml } from '../internal/yaml11.js';

/** An experiment as stored in `<root>/<id>/meta.yaml` (+ `tags/`). */
export interface ExperimentMeta {
  readonly experimentId: string;
  readonly name: string;
  readonly artifactLocation: string;
  readonly lifecycleStage: 'active' | 'deleted';
  readonly creationTime: number;
  readonly lastUpdateTime: number;
}

/** A run's `meta.yaml`, with the fields core's `RunInfo` lacks. */
export interface RunMeta extends RunInfo {
  readonly lifecycleStage: 'active' | 'deleted';
  readonly userId: string;
  readonly deletedTime?: number | null;
}

const SCOPE = 'track/file';
// MLflow's RunStatus enum: RUNNING=1, SCHEDULED=2, FINISHED=3, FAILED=4, KILLED=5.
const statusCode = (status: RunStatus): number => RUN_STATUSES.indexOf(status) + 1;

function field(meta: Record<string, MetaValue>, key: string, file: string): MetaValue {
  if (!(key in meta))
    throw new FormatError('CORRUPT_DATA', `${file}: expected the key "${key}"`, {
      scope: SCOPE,
      details: { file },
    });
  return meta[key]!;
}

const text = (value: MetaValue): string => (value === null ? '' : String(value));
const int = (value: MetaValue): number | undefined =>
  typeof value === 'number' ? value : undefined;

/** The YAML text of an experiment `meta.yaml`, as MLflow writes it. */
export function experimentMetaYaml(meta: ExperimentMeta): string {
  return emitMetaYaml({
    artifact_location: meta.artifactLocation,
    creation_time: meta.creationTime,
    experiment_id: meta.experimentId,
    last_update_time: meta.lastUpdateTime,
    lifecycle_stage: meta.lifecycleStage,
    name: meta.name,
  });
}

/** Reads an experiment `meta.yaml` (ours or MLflow's; an int `experiment_id` is accepted). */
export function parseExperimentMeta(yaml: string, file: string): ExperimentMeta {
  const meta = parseMetaYaml(yaml, file);
  const creationTime = int(meta['creation_time'] ?? null) ?? 0;
  return {
    experimentId: text(field(meta, 'experiment_id', file)),
    name: text(field(meta, 'name', file)),
    artifactLocation: text(meta['artifact_location'] ?? null),
    lifecycleStage: meta['lifecycle_stage'] === 'deleted' ? 'deleted' : 'active',
    creationTime,
    lastUpdateTime: int(meta['last_update_time'] ?? null) ?? creationTime,
  };
}

/** The YAML text of a run `meta.yaml`: MLflow 3.x keys plus `run_uuid` so that 2.x reads it too. */
export function runMetaYaml(meta: RunMeta): string {
  const record: Record<string, MetaValue> = {
    artifact_uri: meta.artifactUri,
    end_time: meta.endTime ?? null,
    entry_point_name: '',
    experiment_id: meta.experimentId,
    lifecycle_stage: meta.lifecycleStage,
    run_id: meta.runId,
    run_name: meta.runName,
    run_uuid: meta.runId,
    source_name: '',
    source_type: 4,
    source_version: '',
    start_time: meta.startTime,
    status: statusCode(meta.status),
    tags: [],
    user_id: meta.userId,
  };
  if (meta.deletedTime !== undefined) record['deleted_time'] = meta.deletedTime;
  return emitMetaYaml(record);
}

/** Reads a run `meta.yaml` (ours, or MLflow 2.x/3.x's). */
export function parseRunMeta(yaml: string, file: string): RunMeta {
  const meta = parseMetaYaml(yaml, file);
  const runId = text(meta['run_id'] ?? meta['run_uuid'] ?? null);
  if (runId === '')
    throw new FormatError('CORRUPT_DATA', `${file}: expected "run_id" or "run_uuid"`, {
      scope: SCOPE,
    });
  const rawStatus = meta['status'] ?? 1;
  const status =
    typeof rawStatus === 'number'
      ? RUN_STATUSES[rawStatus - 1]
      : RUN_STATUSES.find((s) => s === rawStatus);
  if (status === undefined)
    throw new FormatError(
      'CORRUPT_DATA',
      `${file}: expected a run status 1..5, got ${String(rawStatus)}`,
      {
        scope: SCOPE,
      },
    );
  const endTime = int(meta['end_time'] ?? null);
  const deleted = meta['deleted_time'];
  return {
    runId,
    experimentId: text(field(meta, 'experiment_id', file)),
    runName: text(meta['run_name'] ?? null),
    status,
    startTime: int(meta['start_time'] ?? null) ?? 0,
    ...(endTime === undefined ? {} : { endTime }),
    artifactUri: text(meta['artifact_uri'] ?? null),
    lifecycleStage: meta['lifecycle_stage'] === 'deleted' ? 'deleted' : 'active',
    userId: text(meta['user_id'] ?? null),
    ...(deleted === undefined ? {} : { deletedTime: int(deleted) ?? null }),
  };
}
