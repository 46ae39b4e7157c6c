import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const HASH = /^[0-9a-f]{40}$/;

// The git folder of a work tree: `.git/`, or the folder a `.git` file points to (worktrees).
function gitDirOf(dir: string): string | undefined {
  const dotGit = join(dir, '.git');
  if (!existsSync(dotGit)) return undefined;
  if (statSync(dotGit).isDirectory()) return dotGit;
  const target = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim();
  return target === undefined ? undefined : resolve(dir, target);
}

function resolveRef(gitDir: string, ref: string): string | undefined {
  const common = existsSync(join(gitDir, 'commondir'))
    ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
    : gitDir;
  for (const base of [gitDir, common]) {
    const loose = join(base, ref);
    if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    const packed = join(base, 'packed-refs');
    if (!existsSync(packed)) continue;
    const line = readFileSync(packed, 'utf8')
      .split('\n')
      .find((l) => l.endsWith(` ${ref}`));
    if (line !== undefined) return line.slice(0, 40);
  }
  return undefined;
}

/**
 * The commit checked out in the git work tree containing `from` (read from `HEAD`, loose refs
 * and `packed-refs`, worktrees included, without running git), or undefined outside a repository.
 */
export function gitCommit(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const gitDir = gitDirOf(dir);
      if (gitDir !== undefined) {
        const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
        if (HASH.test(head)) return head;
        const ref = /^ref: (.+)$/.exec(head)?.[1];
        const commit = ref === undefined ? undefined : resolveRef(gitDir, ref);
        return commit !== undefined && HASH.test(commit) ? commit : undefined;
      }
    } catch {
      return undefined;
    }
    if (dirname(dir) === dir) return undefined;
  }
}
