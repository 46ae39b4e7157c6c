import { open, readFile, rm, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a lock file may live before another process takes it over (its holder died). */
const STALE_MS = 10_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(path: string): Promise<boolean> {
  try {
    const [info, text] = await Promise.all([stat(path), readFile(path, 'utf8')]);
    const pid = Number(text);
    return (
      Date.now() - info.mtimeMs > STALE_MS || (Number.isInteger(pid) && pid > 0 && !alive(pid))
    );
  } catch {
    return false;
  }
}

/**
 * Runs `action` while holding an exclusive lock file (created with `O_EXCL`), so that two
 * processes never create the same experiment twice. A lock left by a dead process is taken over.
 */
export async function withFileLock<T>(path: string, action: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (await isStale(path)) await rm(path, { force: true });
      else await sleep(Math.min(50, 2 + attempt));
    }
  }
  try {
    return await action();
  } finally {
    await rm(path, { force: true });
  }
}
