import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variables as read by the client (injectable for tests). */
export type Env = Readonly<Record<string, string | undefined>>;

function credentialsFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  let section = '';
  for (const raw of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) section = header[1]!.trim();
    else if (section === 'mlflow') {
      const match = /^([^=:#;]+)[=:](.*)$/.exec(line);
      if (match !== null) out[match[1]!.trim().toLowerCase()] = match[2]!.trim();
    }
  }
  return out;
}

/**
 * The `Authorization` header the MLflow Python client would send: Basic from
 * `MLFLOW_TRACKING_USERNAME`/`_PASSWORD` (or `~/.mlflow/credentials`, section `[mlflow]`),
 * otherwise Bearer from `MLFLOW_TRACKING_TOKEN`; undefined when none is configured.
 */
export function authorizationHeader(
  env: Env,
  credentialsPath = join(homedir(), '.mlflow', 'credentials'),
): string | undefined {
  const file = credentialsFile(credentialsPath);
  const user = env['MLFLOW_TRACKING_USERNAME'] ?? file['mlflow_tracking_username'];
  const password = env['MLFLOW_TRACKING_PASSWORD'] ?? file['mlflow_tracking_password'];
  if (user !== undefined && password !== undefined)
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const token = env['MLFLOW_TRACKING_TOKEN'];
  return token === undefined || token === '' ? undefined : `Bearer ${token}`;
}
