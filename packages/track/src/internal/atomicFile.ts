import { randomBytes } from 'node:crypto';
import { link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

function tempPath(dir: string): string {
  return join(dir, `.qstore-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
}

/**
 * Replaces `path` atomically: the data goes to a temp file in `tempDir` (same file system, outside
 * any folder MLflow lists) and is renamed over the target, so a reader or a `kill -9` never sees
 * a half-written file.
 */
export async function writeFileAtomic(
  path: string,
  data: string,
  tempDir = dirname(path),
): Promise<void> {
  const tmp = tempPath(tempDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(tmp, data, { flush: true });
  try {
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/**
 * Creates `path` with `data` only if it does not exist yet, atomically (temp file + hard link).
 * Returns false when the file already existed.
 */
export async function createFileExclusive(
  path: string,
  data: string,
  tempDir: string,
): Promise<boolean> {
  const tmp = tempPath(tempDir);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(tmp, data, { flush: true });
  try {
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}
