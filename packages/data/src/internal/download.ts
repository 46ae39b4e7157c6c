import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FormatError, type LongWorkOptions, NetworkError, StateError } from '@qstore/core';
import ky, { HTTPError } from 'ky';
import { hashAlgorithmOf } from './fileHash.js';

/** Options of {@link downloadFile}. */
export interface DownloadOptions extends LongWorkOptions {
  /** The URL to fetch. */
  url: string;
  /** Where the verified file ends up. */
  dest: string;
  /** Expected sha256 (64 hex digits) or md5; no check when absent. */
  hash?: string;
  /** Extra request headers (e.g. `Authorization`). */
  headers?: Record<string, string>;
  /** The error scope. */
  scope: string;
}

function networkError(error: unknown, options: DownloadOptions): Error {
  if (error instanceof HTTPError) {
    const status = error.response.status;
    const code = status === 401 || status === 403 ? 'AUTH_ERROR' : 'HTTP_ERROR';
    return new NetworkError(
      code,
      `GET ${options.url} answered HTTP ${status}; expected 200. Place the file at ${options.dest} to use it offline`,
      {
        scope: options.scope,
        cause: error,
        details: { url: options.url, status, file: options.dest },
      },
    );
  }
  if (options.signal?.aborted === true)
    return new StateError('ABORTED', `download of ${options.url} was aborted`, {
      scope: options.scope,
      cause: error,
    });
  const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
  return new NetworkError(
    'OFFLINE',
    `could not download ${options.url} (${reason}). To work offline, place that file at ${options.dest}`,
    { scope: options.scope, cause: error, details: { url: options.url, file: options.dest } },
  );
}

/**
 * Downloads a URL to `dest` through ky with progress reports: the body streams into a temporary file
 * next to `dest`, is hashed on the way, verified, and only then renamed into place. On any failure
 * (HTTP error, lost connection, wrong hash, abort) the temporary file is removed and `dest` is
 * untouched.
 */
export async function downloadFile(options: DownloadOptions): Promise<void> {
  await mkdir(dirname(options.dest), { recursive: true });
  const temp = `${options.dest}.${randomUUID()}.part`;
  const algorithm = options.hash === undefined ? 'sha256' : hashAlgorithmOf(options.hash);
  const hash = createHash(algorithm);
  try {
    try {
      const response = await ky.get(options.url, {
        retry: 0,
        timeout: false,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        onDownloadProgress: (progress) => {
          options.onProgress?.({
            phase: 'download',
            done: progress.transferredBytes,
            ...(progress.totalBytes > 0 ? { total: progress.totalBytes } : {}),
            item: options.url,
          });
        },
      });
      if (response.body === null) throw new Error('empty body');
      const body = Readable.fromWeb(
        response.body as import('node:stream/web').ReadableStream<Uint8Array>,
      );
      body.on('data', (chunk: Buffer) => hash.update(chunk));
      await pipeline(body, createWriteStream(temp));
    } catch (error) {
      throw networkError(error, options);
    }
    const digest = hash.digest('hex');
    if (options.hash !== undefined && digest !== options.hash.toLowerCase()) {
      throw new FormatError(
        'HASH_MISMATCH',
        `${options.url}: downloaded file has ${algorithm} ${digest}; expected ${options.hash}. Nothing was saved`,
        {
          scope: options.scope,
          details: { url: options.url, file: options.dest, expected: options.hash, actual: digest },
        },
      );
    }
    await rename(temp, options.dest);
  } finally {
    await rm(temp, { force: true });
  }
}
