import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { asyncBufferFromFile } from 'hyparquet';
import { describe, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { fixtureBytes, fixturePath } from '../../test/helpers/fixtures.js';
import { datasetFromIpc } from '../dataset/datasetFile.js';
import { parseCifarRecords } from './cifar.js';
import { parseCsv } from './csv.js';
import { gunzipBytes } from './gzip.js';
import { parseIdx } from './idx.js';
import { decodeImage } from './image.js';
import { parseNpy } from './npy.js';
import { parseNpz } from './npz.js';
import { readParquetSplit } from './parquet.js';
import { readTar } from './tar.js';

// a run that takes longer than the timeout fails the property: that is the no-hang check
const RUNS = { numRuns: 150, timeout: 5000 };
const sync = (valid: Uint8Array, parse: (bytes: Uint8Array) => unknown) =>
  fc.assert(
    fc.asyncProperty(corruptionOf(valid), (bytes) => parsesOrThrowsQStoreError(() => parse(bytes))),
    RUNS,
  );

const hf = fixturePath(
  'hf',
  'zalando-datasets',
  'fashion_mnist',
  'fashion_mnist',
  'test-00000-of-00001.parquet',
);

describe('every parser under random corruption (fast-check): no crash, no hang, only QStoreErrors', () => {
  it('parseNpy', () => sync(fixtureBytes('npy', 'be_f8.npy'), (b) => parseNpy(b, 'f.npy')));
  it('parseNpy (fortran)', () =>
    sync(fixtureBytes('npy', 'fortran_f4.npy'), (b) => parseNpy(b, 'f.npy')));
  it('parseNpz (stored)', () =>
    sync(fixtureBytes('npz', 'stored.npz'), (b) => parseNpz(b, 's.npz')));
  it('parseNpz (deflated)', () =>
    sync(fixtureBytes('npz', 'deflated.npz'), (b) => parseNpz(b, 'd.npz')));
  it('parseIdx (gzipped)', () =>
    sync(fixtureBytes('keras', 'tf-keras-datasets', 't10k-labels-idx1-ubyte.gz'), (b) =>
      parseIdx(b, 'l.gz'),
    ));
  it('parseIdx (raw float32)', () =>
    sync(fixtureBytes('idx', 'float32.idx'), (b) => parseIdx(b, 'f.idx')));
  it('gunzipBytes', () =>
    sync(fixtureBytes('keras', 'tf-keras-datasets', 't10k-labels-idx1-ubyte.gz'), (b) =>
      gunzipBytes(b, { file: 'g' }),
    ));
  it('parseCsv', () =>
    sync(fixtureBytes('csv', 'small.csv'), (b) => parseCsv(b, 'c.csv', { labelColumn: -1 })));
  it('parseCsv (sklearn header)', () =>
    sync(new TextEncoder().encode('3,2,a,b\n1,2,0\n3,4,1\n5,6,0\n'), (b) =>
      parseCsv(b, 'k.csv', { header: 'sklearn' }),
    ));
  it('decodeImage (PNG)', () =>
    sync(fixtureBytes('images', 'rgb.png'), (b) => decodeImage(b, 'p.png')));
  it('decodeImage (JPEG)', () =>
    sync(fixtureBytes('images', 'train', 'Pullover', '005.jpg'), (b) => decodeImage(b, 'j.jpg')));
  it('readTar + parseCifarRecords', () => {
    const tar = gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-binary.tar.gz'), { file: 't' });
    return sync(tar, (b) =>
      readTar(b, 't.tar').map(
        (e) => e.name.endsWith('.bin') && parseCifarRecords(e.data, e.name, { labelBytes: 1 }),
      ),
    );
  });
  it('datasetFromIpc (Arrow stream)', () =>
    sync(fixtureBytes('arrow', 'fmnist.arrows'), (b) => datasetFromIpc(b, 'a.arrows')));
  it('readParquetSplit (HF layout)', async () => {
    const valid = new Uint8Array(readFileSync(hf));
    const buffer = (bytes: Uint8Array) => ({
      byteLength: bytes.length,
      slice: async (s: number, e?: number) => bytes.slice(s, e).buffer,
    });
    await fc.assert(
      fc.asyncProperty(corruptionOf(valid), (bytes) =>
        parsesOrThrowsQStoreError(() => readParquetSplit(buffer(bytes), 'p.parquet')),
      ),
      { numRuns: 100, timeout: 5000 },
    );
    await readParquetSplit(await asyncBufferFromFile(hf), 'sanity');
  });
});
