import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { StorageError } from '@qstore/core';
import { SCOPE } from './errors.js';

/**
 * Writes `data` to `path` so that a reader sees either the old file or the complete new one: the
 * bytes go to a temporary sibling, are flushed to disk, then renamed over `path`. A failed write
 * removes the temporary file and leaves `path` untouched.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw new StorageError('IO_ERROR', `could not write ${path}: ${String(error)}`, {
      scope: SCOPE,
      cause: error,
      details: { path },
    });
  }
}
