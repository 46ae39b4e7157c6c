import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the demo logs, from the command line and the environment. */
export interface TrackingTarget {
  /** The tracker URIs (`./mlruns`, `http://…`, `tensorboard:…`); empty with `--no-track`. */
  uris: string[];
  /** How to open each target, one line per URI. */
  howToOpen: (runId: string, experimentId: string) => string[];
}

/**
 * `./mlruns` by default, `MLFLOW_TRACKING_URI` (or `--tracking-uri <uri>`) when given, plus
 * `--tensorboard <dir>` (or `QSTORE_TENSORBOARD_DIR`) for TensorBoard; `--no-track` for none.
 */
export function trackingTarget(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): TrackingTarget {
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  if (argv.includes('--no-track')) return { uris: [], howToOpen: () => [] };
  const main = flag('--tracking-uri') ?? (env['MLFLOW_TRACKING_URI'] || './mlruns');
  const tensorboard = flag('--tensorboard') ?? env['QSTORE_TENSORBOARD_DIR'];
  const uris = tensorboard === undefined ? [main] : [main, `tensorboard:${tensorboard}`];
  return {
    uris,
    howToOpen: (runId, experimentId) =>
      uris.map((uri) => {
        if (/^https?:\/\//.test(uri))
          return `  MLflow server: ${uri.replace(/\/+$/, '')}/#/experiments/${experimentId}/runs/${runId}`;
        if (uri.startsWith('tensorboard:'))
          return `  TensorBoard:   tensorboard --logdir ${uri.slice('tensorboard:'.length)}`;
        const root = uri.startsWith('file://') ? fileURLToPath(uri) : uri.replace(/^file:/, '');
        return `  MLflow UI:     mlflow ui --backend-store-uri ${root}   (store: ${resolve(root)}; MLflow ≥ 3.13 also needs MLFLOW_ALLOW_FILE_STORE=true)`;
      }),
  };
}
