import { homedir } from 'node:os';
import { join } from 'node:path';
import { NetworkError, NotFoundError } from '@qstore/core';
import type { AsyncBuffer } from 'hyparquet';
import ky, { HTTPError } from 'ky';

const SCOPE = 'data/huggingface';

/** Where and as whom to talk to the Hub. */
export interface HubConnection {
  /** `HF_ENDPOINT` or `https://huggingface.co`. */
  readonly endpoint: string;
  /** A bearer token (`HF_TOKEN`), if any. */
  readonly token?: string;
  readonly signal?: AbortSignal;
}

/** A Parquet file of a dataset repository, as the Hub's tree API lists it. */
export interface HubParquetFile {
  readonly path: string;
  readonly size: number;
  /** sha256 of the file (the LFS oid), when the Hub gives one. */
  readonly sha256?: string;
  readonly config: string;
  readonly split: string;
}

interface TreeEntry {
  type: string;
  path: string;
  size: number;
  lfs?: { oid: string; size: number };
}

/** The Hub's cache folder: `$HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`. */
export function hubCacheDir(): string {
  const env = process.env;
  if (env['HF_HUB_CACHE']) return env['HF_HUB_CACHE'];
  return join(env['HF_HOME'] || join(homedir(), '.cache', 'huggingface'), 'hub');
}

/** Request headers for a connection (`Authorization: Bearer …` when there is a token). */
export function hubHeaders(hub: HubConnection): Record<string, string> {
  return hub.token === undefined ? {} : { authorization: `Bearer ${hub.token}` };
}

/** Maps a failed Hub request to a `NetworkError` naming the URL. */
export function hubError(error: unknown, url: string): Error {
  if (error instanceof HTTPError) {
    const status = error.response.status;
    if (status === 404)
      return new NotFoundError(
        'NOT_FOUND',
        `${url} answered 404: no such dataset, revision or file (or it is private: set HF_TOKEN)`,
        { scope: SCOPE, cause: error, details: { url, status } },
      );
    return new NetworkError(
      status === 401 || status === 403 ? 'AUTH_ERROR' : 'HTTP_ERROR',
      `${url} answered HTTP ${status}${status === 401 || status === 403 ? '; the dataset is gated or private: set HF_TOKEN' : ''}`,
      { scope: SCOPE, cause: error, details: { url, status } },
    );
  }
  const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new NetworkError('OFFLINE', `could not reach ${url} (${reason})`, {
    scope: SCOPE,
    cause: error,
    details: { url },
  });
}

/** Where a Parquet path says its config and split are (native `cfg/split-00000-of-00001.parquet`, `data/split-…`, or converted `cfg/split/0000.parquet`). */
export function splitOfPath(path: string): { config: string; split: string } | undefined {
  const parts = path.split('/');
  const base = parts.at(-1)!.replace(/\.parquet$/, '');
  if (/^\d+$/.test(base) && parts.length >= 3) {
    return {
      config: parts.at(-3)!,
      split: parts
        .at(-2)!
        .replace(/^partial-/, '')
        .replace(/-part\d+$/, ''),
    };
  }
  const split = /^([A-Za-z0-9_.]+?)(-\d{5}-of-\d{5})?(-[0-9a-f]+)?$/.exec(base)?.[1];
  if (split === undefined) return undefined;
  const config = parts.length >= 2 && parts[0] !== 'data' ? parts[0]! : 'default';
  return { config, split };
}

/** Lists the Parquet files of a dataset at a revision through `/api/datasets/<id>/tree/<rev>?recursive=true` (following `Link` pages). */
export async function listHubParquet(
  id: string,
  revision: string,
  hub: HubConnection,
): Promise<HubParquetFile[]> {
  let url: string | undefined =
    `${hub.endpoint}/api/datasets/${id}/tree/${encodeURIComponent(revision)}?recursive=true`;
  const files: HubParquetFile[] = [];
  while (url !== undefined) {
    let entries: TreeEntry[];
    let link: string | null;
    try {
      const response: Response = await ky.get(url, {
        headers: hubHeaders(hub),
        retry: 1,
        ...(hub.signal ? { signal: hub.signal } : {}),
      });
      entries = (await response.json()) as TreeEntry[];
      link = response.headers.get('link');
    } catch (error) {
      throw hubError(error, url);
    }
    for (const entry of entries) {
      if (entry.type !== 'file' || !entry.path.endsWith('.parquet')) continue;
      const where = splitOfPath(entry.path);
      if (where === undefined) continue;
      files.push({
        path: entry.path,
        size: entry.lfs?.size ?? entry.size,
        ...(entry.lfs ? { sha256: entry.lfs.oid } : {}),
        ...where,
      });
    }
    url = link === null ? undefined : /<([^>]+)>;\s*rel="next"/.exec(link)?.[1];
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The download URL of a file: `<endpoint>/datasets/<id>/resolve/<url-encoded revision>/<path>`. */
export function resolveUrl(id: string, revision: string, path: string, hub: HubConnection): string {
  return `${hub.endpoint}/datasets/${id}/resolve/${encodeURIComponent(revision)}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

/** An hyparquet `AsyncBuffer` over HTTP range requests (so a row slice reads only its row groups). */
export function remoteBuffer(url: string, byteLength: number, hub: HubConnection): AsyncBuffer {
  return {
    byteLength,
    async slice(start, end) {
      const last = (end ?? byteLength) - 1;
      try {
        const response = await ky.get(url, {
          headers: { ...hubHeaders(hub), range: `bytes=${start}-${last}` },
          retry: 1,
          ...(hub.signal ? { signal: hub.signal } : {}),
        });
        const body = await response.arrayBuffer();
        // a server that ignores Range answers 200 with the whole file
        return response.status === 206 ? body : body.slice(start, last + 1);
      } catch (error) {
        throw hubError(error, url);
      }
    },
  };
}
