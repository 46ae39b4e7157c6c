import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expectQStoreError } from '@qstore/test-utils';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { collectBatches, fixturePath } from '../test/helpers/fixtures.js';
import { buildHdf5Worker, TEST_CACHE } from '../test/helpers/hdf5Worker.js';
import { readHdf5, streamHdf5 } from './hdf5.js';

const H5 = fixturePath('h5', 'fmnist.h5');
// a worker whose reads of x_test from row 4 on never return, as h5wasm's on a corrupt chunk index
const HANG_FROM_ROW_4 = `import { parentPort } from 'node:worker_threads';
parentPort.on('message', (request) => {
  if (request.op === 'read' && request.datasets[0].name === 'x_test' && request.end > 4) for (;;);
});`;

describe('the guarded h5wasm worker thread', () => {
  let workerUrl: URL;
  let hangingUrl: URL;
  beforeAll(async () => {
    workerUrl = await buildHdf5Worker();
    hangingUrl = await buildHdf5Worker(HANG_FROM_ROW_4);
  });

  it('should give CORRUPT_DATA for a file on which h5wasm loops forever, instead of hanging', async () => {
    // hangs_h5wasm.h5: a corruption of fmnist.h5 that fast-check found; h5wasm never returns from
    // reading one of its attributes
    const file = fixturePath('h5', 'hangs_h5wasm.h5');
    const probe = { timeoutMs: 2000, workerUrl };
    await expectQStoreError(
      () => readHdf5(file, { probe }),
      'CORRUPT_DATA',
      /hangs_h5wasm\.h5: h5wasm did not finish opening the file within 2000 ms; the file is corrupt/,
    );
    await expectQStoreError(
      () => collectBatches(streamHdf5(file, { batchSize: 4, probe })),
      'CORRUPT_DATA',
    );
  });

  it('should read and stream a sound file exactly as h5wasm does on the calling thread', async () => {
    const probe = { workerUrl };
    expect(await readHdf5(H5, { probe })).toEqual(await readHdf5(H5, { probe: false }));
    for (const split of ['train', 'test'] as const) {
      const options = { batchSize: 5, split, sliceElements: 1000 };
      expect(await collectBatches(streamHdf5(H5, { ...options, probe }))).toEqual(
        await collectBatches(streamHdf5(H5, { ...options, probe: false })),
      );
    }
  });

  it('should end a data read that makes no progress as CORRUPT_DATA naming the file and the rows; other files read on in a new thread', async () => {
    const probe = { timeoutMs: 500, workerUrl: hangingUrl };
    // a stream of another dataset is open in the same thread when it gets stuck
    const other = streamHdf5(H5, { batchSize: 4, split: 'train', probe });
    const firstOther = await other.next();
    const seen: number[] = [];
    await expectQStoreError(
      async () => {
        for await (const batch of streamHdf5(H5, { batchSize: 4, split: 'test', probe }))
          seen.push(batch.offset);
      },
      'CORRUPT_DATA',
      /fmnist\.h5: h5wasm did not finish reading rows 4–8 of dataset x_test and dataset y_test within 500 ms/,
    );
    expect(seen).toEqual([0]);
    await expectQStoreError(
      () => readHdf5(H5, { probe }),
      'CORRUPT_DATA',
      /reading rows 0–16 of dataset x_test/,
    );
    // the stuck thread was stopped: the other stream goes on in a new one, which opens its file again
    const rest = [firstOther.value!];
    for await (const batch of other) rest.push(batch);
    expect(rest).toEqual(await collectBatches(streamHdf5(H5, { batchSize: 4, probe: false })));
  });

  it('should refuse a worker script that does not exist instead of reading unguarded', async () => {
    const missing = new URL('./no-such-worker.mjs', workerUrl);
    await expectQStoreError(
      () => readHdf5(H5, { probe: { workerUrl: missing } }),
      'NOT_FOUND',
      /probe\.workerUrl .*no-such-worker\.mjs: no such file/,
    );
  });

  it('should refuse a time limit that is not a positive number of milliseconds', async () => {
    for (const timeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      await expectQStoreError(
        () => readHdf5(H5, { probe: { timeoutMs, workerUrl } }),
        'INVALID_ARGUMENT',
        /probe\.timeoutMs/,
      );
  });

  it("should leave nothing that keeps the process alive: the kept thread is unref'd, a stuck one stopped", async () => {
    const script = `${TEST_CACHE}guardOnce.mjs`;
    await build({
      stdin: {
        contents: `import { readHdf5, streamHdf5 } from './hdf5.ts';
const [file, workerUrl, hangingUrl] = process.argv.slice(2);
await readHdf5(file, { probe: { workerUrl: new URL(workerUrl) } });
const probe = { timeoutMs: 300, workerUrl: new URL(hangingUrl) };
try {
  for await (const _ of streamHdf5(file, { batchSize: 4, split: 'test', probe }));
  console.log('no error');
} catch (error) {
  console.log(error.code);
}`,
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
      bundle: true,
      platform: 'node',
      format: 'esm',
      external: ['@qstore/core', 'h5wasm', 'h5wasm/*'],
      outfile: script,
      logLevel: 'silent',
    });
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, [script, H5, workerUrl.href, hangingUrl.href], {
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('CORRUPT_DATA');
  });
});
