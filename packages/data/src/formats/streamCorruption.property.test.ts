import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { useTempDirs } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { collectBatches, fixtureBytes } from '../../test/helpers/fixtures.js';
import { readHdf5, streamHdf5 } from '../hdf5.js';
import { streamCifar } from '../sources/kerasCifarStream.js';
import { gunzipBytes } from './gzip.js';
import { streamNpzSplit } from './npzStream.js';

// a run that takes longer than the timeout fails the property: that is the no-hang check
const RUNS = { numRuns: 100, timeout: 5000 };

describe('every file-based reader under random corruption of its file (fast-check)', () => {
  const tempDir = useTempDirs('qstore-stream-corrupt-');

  const property = (
    valid: Uint8Array,
    name: string,
    stream: (path: string) => AsyncIterable<unknown>,
  ) =>
    tempDir().then((dir) => {
      let run = 0;
      return fc.assert(
        fc.asyncProperty(corruptionOf(valid), (bytes) => {
          const path = join(dir, `${run++}-${name}`);
          writeFileSync(path, bytes);
          return parsesOrThrowsQStoreError(() => collectBatches(stream(path)));
        }),
        RUNS,
      );
    });

  for (const kind of ['stored', 'deflated'])
    it(`streamNpzSplit (${kind})`, () =>
      property(fixtureBytes('npz', `${kind}.npz`), 'a.npz', (path) =>
        streamNpzSplit(path, { split: 'train', batchSize: 7 }),
      ));

  it('readHdf5 (whole file)', () =>
    property(fixtureBytes('h5', 'fmnist.h5'), 'w.h5', (path) =>
      (async function* () {
        yield await readHdf5(path);
      })(),
    ));

  it('streamHdf5', () =>
    property(fixtureBytes('h5', 'fmnist.h5'), 'a.h5', (path) =>
      streamHdf5(path, { batchSize: 5, split: 'test' }),
    ));

  const cifar = (archive: 'python' | 'binary') => (path: string) =>
    streamCifar(path, {
      name: 'cifar10',
      archive,
      split: 'train',
      labelMode: 'fine',
      batchSize: 2,
    });
  for (const archive of ['python', 'binary'] as const) {
    const file = `cifar-10-${archive}.tar.gz`;
    const gz = fixtureBytes('keras', 'kriz', file);
    it(`streamCifar (${archive}: corrupt .tar.gz)`, () => property(gz, file, cifar(archive)));
    it(`streamCifar (${archive}: corrupt tar, gzipped again)`, () =>
      tempDir().then((dir) => {
        let run = 0;
        return fc.assert(
          fc.asyncProperty(corruptionOf(gunzipBytes(gz, { file })), (tar) => {
            const path = join(dir, `${run++}-${file}`);
            writeFileSync(path, gzipSync(tar));
            return parsesOrThrowsQStoreError(() => collectBatches(cifar(archive)(path)));
          }),
          RUNS,
        );
      }));
  }
});
