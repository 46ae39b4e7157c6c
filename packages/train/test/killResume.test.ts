import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { findLatestCheckpoint } from '../src/checkpointIo.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const child = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', 'test/resumeChild.ts', ...args], {
    cwd: packageDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

function finish(
  proc: ReturnType<typeof child>,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  proc.stderr!.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
}

describe('kill and resume', () => {
  const tempDir = useTempDirs();

  it('should end bit-identical to an uninterrupted run after SIGKILL mid-epoch and resumeFrom', async () => {
    const dir = await tempDir();
    const full = child(['full', join(dir, 'unused'), join(dir, 'full.b64')]);
    const killed = child(['checkpointed', join(dir, 'ckpt'), join(dir, 'never.b64')]);
    let epoch = -1;
    let sawKillPoint = false;
    killed.stdout!.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) {
        if (line.startsWith('epoch ')) epoch = Number(line.slice(6));
        // Epoch 2, batch 10 of 15: well after the checkpoint of batch 8, before the epoch ends.
        if (!sawKillPoint && epoch === 2 && line === 'batch 10') {
          sawKillPoint = true;
          killed.kill('SIGKILL');
        }
      }
    });
    const [fullExit, killedExit] = await Promise.all([finish(full), finish(killed)]);
    expect(fullExit, fullExit.stderr).toMatchObject({ code: 0 });
    expect(killedExit.signal, killedExit.stderr).toBe('SIGKILL');

    const latest = await findLatestCheckpoint(join(dir, 'ckpt'));
    expect(latest.state.position.epoch).toBe(2);
    expect(latest.state.position.batch).toBeGreaterThan(0);
    expect(latest.state.position.batch).toBeLessThan(15);

    const resumed = await finish(child(['resume', join(dir, 'ckpt'), join(dir, 'resumed.b64')]));
    expect(resumed, resumed.stderr).toMatchObject({ code: 0 });
    const expected = await readFile(join(dir, 'full.b64'), 'utf8');
    expect(expected.length).toBeGreaterThan(100);
    expect(await readFile(join(dir, 'resumed.b64'), 'utf8')).toBe(expected);
  }, 120_000);
});
