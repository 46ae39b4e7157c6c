import { accessSync, constants, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { type LongWorkOptions, NetworkError } from '@qstore/core';
import { downloadFile } from '../internal/download.js';
import { hashAlgorithmOf, hashFile } from '../internal/fileHash.js';
import { throwIfAborted } from '../internal/io.js';

/** Keras' cache of datasets: `$KERAS_HOME/datasets`, else `~/.keras/datasets`, else `/tmp/.keras/datasets`. */
export function kerasDatasetsDir(): string {
  const env = process.env['KERAS_HOME'];
  if (env !== undefined && env !== '') return join(env, 'datasets');
  let root = join(homedir(), '.keras');
  try {
    accessSync(homedir(), constants.W_OK);
  } catch {
    root = join('/tmp', '.keras');
  }
  return join(root, 'datasets');
}

/** One file a Keras dataset needs. */
export interface KerasFile {
  /** File name inside the cache (may include a sub-folder, e.g. `fashion-mnist/…`). */
  readonly fname: string;
  /** Where Keras downloads it from. */
  readonly url: string;
  /** The hash Keras checks (sha256 or md5), if any. */
  readonly hash?: string;
}

/** How {@link ensureKerasFile} finds, checks and downloads a file. */
export interface EnsureOptions extends LongWorkOptions {
  /** The cache folder (`…/datasets`). */
  dir: string;
  /** Replaces the URL's origin (`https://host`) with this one; for mirrors and tests. */
  mirror?: string;
  /** Check hashes. @default true */
  verify: boolean;
  /** Never download; a missing file is an `OFFLINE` error naming where to put it. */
  offline: boolean;
  scope: string;
}

function mirrored(url: string, mirror: string | undefined): string {
  if (mirror === undefined) return url;
  const parsed = new URL(url);
  return `${mirror.replace(/\/$/, '')}${parsed.pathname}`;
}

/**
 * Returns the path of a Keras dataset file in the cache, downloading it when missing or when its
 * hash does not match (as Keras' `get_file` does). A fresh download with a wrong hash throws
 * `HASH_MISMATCH` and leaves nothing in the cache.
 */
export async function ensureKerasFile(file: KerasFile, options: EnsureOptions): Promise<string> {
  throwIfAborted(options.signal, options.scope);
  const dest = join(options.dir, file.fname);
  const hash = options.verify ? file.hash : undefined;
  if (existsSync(dest)) {
    if (hash === undefined || (await hashFile(dest, hashAlgorithmOf(hash))) === hash) return dest;
  }
  const url = mirrored(file.url, options.mirror);
  if (options.offline) {
    throw new NetworkError(
      'OFFLINE',
      `${file.fname} is not in the cache and offline is set: download ${file.url} and place it at ${dest}`,
      { scope: options.scope, details: { url: file.url, file: dest } },
    );
  }
  await downloadFile({
    url,
    dest,
    scope: options.scope,
    ...(hash ? { hash } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return dest;
}
