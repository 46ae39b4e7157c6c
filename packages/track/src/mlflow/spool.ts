import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { isQStoreError, type MetricPoint } from '@qstore/core';
import { writeFileAtomic } from '../internal/atomicFile.js';
import { parsePyFloat } from '../pyFloat.js';
import type { EndStatus } from '../trackedRun.js';
import type { MlflowClient } from './mlflowClient.js';
import { encodeJson } from './schemas.js';

/** What a run could not deliver before it ended: kept on disk until the server is back. */
export interface SpoolEntry {
  trackingUri: string;
  runId: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[];
  status?: EndStatus;
  endTime?: number;
}

/** The default spool folder: `$QSTORE_SPOOL_DIR` or `~/.qstore/mlflow-spool`. */
export function defaultSpoolDir(): string {
  return process.env['QSTORE_SPOOL_DIR'] ?? join(homedir(), '.qstore', 'mlflow-spool');
}

/** Writes (atomically) the undelivered part of a run to `<dir>/<runId>.json`. Returns the file. */
export async function writeSpool(dir: string, entry: SpoolEntry): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${entry.runId}.json`);
  await writeFileAtomic(file, encodeJson(entry));
  return file;
}

/** Whether an error means "server not reachable right now" (worth keeping the data for later). */
export function isUnreachable(error: unknown): boolean {
  return (
    isQStoreError(error, 'NETWORK_ERROR') ||
    isQStoreError(error, 'TIMEOUT') ||
    (isQStoreError(error, 'HTTP_ERROR') && Number(error.details['status'] ?? 500) >= 500)
  );
}

/**
 * Delivers every spooled run of this server (log-batch, then the end status) and removes each
 * file once delivered. An unreachable server stops delivery (the rest waits for next time); an
 * entry the server refuses (deleted run, invalid data) or a corrupt file is renamed to
 * `*.rejected` with a warning, so that it never blocks later runs.
 */
export async function deliverSpool(client: MlflowClient, dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let delivered = 0;
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, name);
    try {
      const entry = JSON.parse(await readFile(file, 'utf8')) as SpoolEntry;
      if (entry.trackingUri !== client.http.trackingUri) continue;
      const metrics = entry.metrics.map((m) => ({
        ...m,
        value:
          typeof m.value === 'number' ? m.value : (parsePyFloat(String(m.value)) ?? Number.NaN),
      }));
      await client.logBatch(entry.runId, { params: entry.params, tags: entry.tags, metrics });
      if (entry.status !== undefined)
        await client.updateRun(entry.runId, entry.status, entry.endTime ?? Date.now());
      await rm(file, { force: true });
      delivered++;
    } catch (error) {
      if (isUnreachable(error)) throw error;
      await rename(file, `${file}.rejected`);
      process.emitWarning(
        `[qstore] [track/mlflow] spooled run ${file} could not be delivered and was set aside as *.rejected: ${(error as Error).message}`,
        { code: 'QSTORE_SPOOL_REJECTED' },
      );
    }
  }
  return delivered;
}
