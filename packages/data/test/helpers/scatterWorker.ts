import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/** A compiled copy of the PCA worker script and how to remove it. */
export interface BuiltWorker {
  readonly url: URL;
  remove(): Promise<void>;
}

/**
 * Tests run from TypeScript sources, where `scatterWorker.js` does not exist next to the code:
 * compiles the real worker script to JavaScript in a temporary folder.
 */
export async function buildScatterWorker(): Promise<BuiltWorker> {
  const dir = await mkdtemp(join(tmpdir(), 'qstore-scatter-worker-'));
  const outfile = join(dir, 'scatterWorker.mjs');
  await build({
    entryPoints: [new URL('../../src/prep/internal/scatterWorker.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  return { url: pathToFileURL(outfile), remove: () => rm(dir, { recursive: true, force: true }) };
}
