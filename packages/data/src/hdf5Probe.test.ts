import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { expectQStoreError } from '@qstore/test-utils';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePath } from '../test/helpers/fixtures.js';
import { readHdf5, streamHdf5 } from './hdf5.js';

describe('the HDF5 metadata probe', () => {
  let workerUrl: URL;
  // Tests run from sources, where hdf5ProbeWorker.js is not built: compile the real script into
  // the package's node_modules, where it finds h5wasm as the built one does.
  const dir = fileURLToPath(new URL('../node_modules/.cache/qstore-test/', import.meta.url));
  beforeAll(async () => {
    await mkdir(dir, { recursive: true });
    const outfile = `${dir}hdf5ProbeWorker.mjs`;
    await build({
      entryPoints: [fileURLToPath(new URL('./hdf5ProbeWorker.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['h5wasm', 'h5wasm/*'],
      outfile,
      logLevel: 'silent',
    });
    workerUrl = pathToFileURL(outfile);
  });

  it('should give CORRUPT_DATA for a file on which h5wasm loops forever, instead of hanging', async () => {
    // hangs_h5wasm.h5: a corruption of fmnist.h5 that fast-check found; h5wasm never returns from
    // reading one of its attributes
    const file = fixturePath('h5', 'hangs_h5wasm.h5');
    const probe = { timeoutMs: 2000, workerUrl };
    await expectQStoreError(
      () => readHdf5(file, { probe }),
      'CORRUPT_DATA',
      /hangs_h5wasm\.h5: h5wasm did not finish reading the file's metadata within 2000 ms/,
    );
    await expectQStoreError(async () => {
      for await (const _ of streamHdf5(file, { batchSize: 4, probe }));
    }, 'CORRUPT_DATA');
  });

  it('should read a sound file through the probe exactly as without it', async () => {
    const file = fixturePath('h5', 'fmnist.h5');
    const probed = await readHdf5(file, { probe: { workerUrl } });
    const direct = await readHdf5(file, { probe: false });
    expect(probed).toEqual(direct);
  });

  it("should leave nothing that keeps the process alive (the worker stays, unref'd)", async () => {
    const script = `${dir}probeOnce.mjs`;
    await build({
      stdin: {
        contents: `import { probeHdf5 } from './hdf5Probe.ts';
await probeHdf5(process.argv[2], { workerUrl: new URL(process.argv[3]) });
console.log('probed');`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['@qstore/core'],
      outfile: script,
      logLevel: 'silent',
    });
    const run = promisify(execFile);
    const { stdout } = await run(
      process.execPath,
      [script, fixturePath('h5', 'fmnist.h5'), workerUrl.href],
      { timeout: 20_000 },
    );
    expect(stdout.trim()).toBe('probed');
  });
});
