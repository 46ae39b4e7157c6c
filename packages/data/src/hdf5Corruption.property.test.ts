import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@qstore/test-utils';
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../test/helpers/corrupt.js';
import { collectBatches, fixtureBytes } from '../test/helpers/fixtures.js';
import { buildHdf5Worker } from '../test/helpers/hdf5Worker.js';
import { readHdf5, streamHdf5 } from './hdf5.js';

// no run may take longer than the timeout (the no-hang check); the watchdog stops h5wasm sooner
const RUNS = { numRuns: 100, timeout: 10_000 };

describe('HDF5 reads in the guarded worker thread under random corruption of the file (fast-check)', () => {
  const tempDir = useTempDirs('qstore-h5-corrupt-');
  let workerUrl: URL;
  beforeAll(async () => {
    workerUrl = await buildHdf5Worker();
  });

  const property = (name: string, read: (path: string) => Promise<unknown>) =>
    tempDir().then((dir) => {
      let run = 0;
      return fc.assert(
        fc.asyncProperty(corruptionOf(fixtureBytes('h5', 'fmnist.h5')), (bytes) => {
          const path = join(dir, `${run++}-${name}`);
          writeFileSync(path, bytes);
          return parsesOrThrowsQStoreError(() => read(path));
        }),
        RUNS,
      );
    });

  it('readHdf5 (whole file)', () =>
    property('w.h5', (path) => readHdf5(path, { probe: { workerUrl, timeoutMs: 3000 } })));

  it('streamHdf5 (the gzip-chunked split)', () =>
    property('s.h5', (path) =>
      collectBatches(
        streamHdf5(path, {
          batchSize: 5,
          split: 'test',
          sliceElements: 1000,
          probe: { workerUrl, timeoutMs: 3000 },
        }),
      ),
    ));
});
