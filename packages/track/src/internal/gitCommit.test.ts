import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { gitCommit } from './gitCommit.js';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('gitCommit', () => {
  const tempDir = useTempDirs('qstore-git-');

  it('should read a loose ref, a packed ref and a detached HEAD from a parent folder', async () => {
    const repo = await tempDir();
    mkdirSync(join(repo, '.git', 'refs', 'heads'), { recursive: true });
    mkdirSync(join(repo, 'src', 'deep'), { recursive: true });
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    writeFileSync(join(repo, '.git', 'refs', 'heads', 'main'), `${A}\n`);
    expect(gitCommit(join(repo, 'src', 'deep'))).toBe(A);
    writeFileSync(join(repo, '.git', 'HEAD'), 'ref: refs/heads/packed\n');
    writeFileSync(join(repo, '.git', 'packed-refs'), `# pack-refs\n${B} refs/heads/packed\n`);
    expect(gitCommit(repo)).toBe(B);
    writeFileSync(join(repo, '.git', 'HEAD'), `${A}\n`);
    expect(gitCommit(repo)).toBe(A);
    expect(gitCommit(await tempDir())).toBeUndefined();
  });

  it('should follow the .git file of a worktree to its HEAD and the common refs', async () => {
    const main = await tempDir();
    const worktree = await tempDir();
    mkdirSync(join(main, '.git', 'worktrees', 'wt'), { recursive: true });
    mkdirSync(join(main, '.git', 'refs', 'heads'), { recursive: true });
    writeFileSync(join(main, '.git', 'refs', 'heads', 'track'), `${B}\n`);
    writeFileSync(join(main, '.git', 'worktrees', 'wt', 'HEAD'), 'ref: refs/heads/track\n');
    writeFileSync(join(main, '.git', 'worktrees', 'wt', 'commondir'), '../..\n');
    writeFileSync(join(worktree, '.git'), `gitdir: ${join(main, '.git', 'worktrees', 'wt')}\n`);
    expect(gitCommit(worktree)).toBe(B);
  });
});
