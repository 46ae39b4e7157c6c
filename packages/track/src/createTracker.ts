import { fileURLToPath } from 'node:url';
import { NotFoundError, type Tracker } from '@qstore/core';
import { compositeTracker } from './compositeTracker.js';
import type { Env } from './mlflow/auth.js';
import { fileTracker } from './sinks/fileTracker.js';
import { type MlflowTrackerOptions, mlflowTracker } from './sinks/mlflowTracker.js';
import { type TensorBoardTrackerOptions, tensorboardTracker } from './sinks/tensorboardTracker.js';

/** Options of {@link createTracker}. */
export interface CreateTrackerOptions {
  /**
   * Where to log: `file:./mlruns`, `file:///abs/mlruns` or a plain path (MLflow file store);
   * `http(s)://host:port` (MLflow server); `tensorboard:./logs`. Several URIs give a composite.
   * @default process.env.MLFLOW_TRACKING_URI ?? './mlruns'
   */
  uri?: string | readonly string[];
  /** Your own sinks (any core `Tracker`, e.g. a Weights & Biases sink), logged to as well. */
  sinks?: readonly Tracker[];
  /** The experiment of runs started without one. @default MLFLOW_EXPERIMENT_NAME ?? 'Default' */
  defaultExperiment?: string;
  /** Settings of the MLflow REST sink (retries, timeouts, spool folder, flush interval). */
  mlflow?: Omit<MlflowTrackerOptions, 'trackingUri' | 'defaultExperiment' | 'env'>;
  /** Settings of the TensorBoard sink. */
  tensorboard?: Omit<TensorBoardTrackerOptions, 'logdir' | 'defaultExperiment'>;
  /** The environment to read `MLFLOW_*` variables from. @default process.env */
  env?: Env;
}

/** The URI schemes `createTracker` understands. */
export const TRACKER_SCHEMES = ['file', 'http', 'https', 'tensorboard'] as const;

function sinkFor(uri: string, options: CreateTrackerOptions, env: Env): Tracker {
  const defaultExperiment = options.defaultExperiment ?? env['MLFLOW_EXPERIMENT_NAME'];
  const experiment = defaultExperiment === undefined ? {} : { defaultExperiment };
  if (/^https?:\/\//i.test(uri))
    return mlflowTracker({ ...options.mlflow, ...experiment, trackingUri: uri, env });
  if (uri.startsWith('tensorboard:'))
    return tensorboardTracker({
      ...options.tensorboard,
      ...experiment,
      logdir: uri.slice('tensorboard:'.length) || './logs',
    });
  if (uri.startsWith('file://')) return fileTracker({ ...experiment, root: fileURLToPath(uri) });
  if (uri.startsWith('file:'))
    return fileTracker({ ...experiment, root: uri.slice('file:'.length) });
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(uri);
  if (scheme !== null && !/^[a-z]:[\\/]/i.test(uri))
    throw new NotFoundError(
      'UNKNOWN_PLUGIN',
      `tracking URI ${JSON.stringify(uri)}: no sink for "${scheme[1]}:"; known: ${TRACKER_SCHEMES.join(', ')}, or a plain path. Pass other sinks through \`sinks\`.`,
      {
        scope: 'track',
        details: { uri },
      },
    );
  return fileTracker({ ...experiment, root: uri });
}

/**
 * A tracker picked by URI: the local MLflow file store by default (`./mlruns`, or
 * `MLFLOW_TRACKING_URI`), an MLflow server for `http(s)://`, TensorBoard files for
 * `tensorboard:<dir>`; several URIs and/or custom sinks give one composite tracker.
 */
export function createTracker(
  uriOrOptions: string | readonly string[] | CreateTrackerOptions = {},
): Tracker {
  const options: CreateTrackerOptions =
    typeof uriOrOptions === 'string' || Array.isArray(uriOrOptions)
      ? { uri: uriOrOptions as string | readonly string[] }
      : (uriOrOptions as CreateTrackerOptions);
  const env = options.env ?? process.env;
  const uris =
    options.uri === undefined
      ? options.sinks?.length
        ? []
        : [env['MLFLOW_TRACKING_URI'] || './mlruns']
      : typeof options.uri === 'string'
        ? [options.uri]
        : options.uri;
  return compositeTracker([
    ...uris.map((uri) => sinkFor(uri, options, env)),
    ...(options.sinks ?? []),
  ]);
}
