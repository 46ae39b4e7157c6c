// Peak memory while streaming a 1 GiB array in bounded batches (issue target: below 2.5× one
// batch plus a constant). FORMAT picks the file: npy (written here), npz-stored, npz-deflated,
// h5-contiguous, h5-gzip (written by bench/prepareStream.py), or cifar10 / cifar100: the training
// split (50,000 × 3,072 bytes) of bench/prepare.py's full-size look-alikes of Keras'
// cifar-10-python.tar.gz / cifar-100-python.tar.gz through the keras source's cache, or imdb: the
// train split of its look-alike imdb.npz (batch: the largest padded batch). HDF5 runs load h5wasm before the baseline and print what
// loading it costs. Run from packages/data after `pnpm build`:
//   FORMAT=npz-deflated BATCH_ROWS=4096 node --expose-gc bench/streamMemory.mjs
// PROBE=0 streams HDF5 with h5wasm on the main thread (`probe: false`) instead of its worker.
import { closeSync, existsSync, mkdtempSync, openSync, symlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpy, StreamingDataGenerator } from '../dist/index.js';
import { BENCH_DIR, input } from './harness.mjs';

const ROWS = 262_144;
const WIDTH = 1024; // float32 → 4 KiB per row, 1 GiB in all
const BATCH = Number(process.env.BATCH_ROWS ?? 4096); // 16 MiB per batch by default
const FORMAT = process.env.FORMAT ?? 'npy';
// HELD=1: measure after collecting garbage at each batch (what the stream holds), not V8's lazy peak
const HELD = process.env.HELD === '1';
// PROBE=0 (HDF5 only): h5wasm on this thread (`probe: false`) instead of its guarded worker thread
const PROBE = process.env.PROBE === '0' ? false : {};
const SOURCES = {
  npy: { file: 'stream_1gib.npy', params: {} },
  'npz-stored': { file: 'stream_1gib_stored.npz', params: {} },
  'npz-deflated': { file: 'stream_1gib_deflated.npz', params: {} },
  'h5-contiguous': { file: 'stream_1gib.h5', params: {} },
  'h5-gzip': {
    file: 'stream_1gib.h5',
    params: { splits: { train: { x: 'x_gzip', y: 'y_train' } } },
  },
};
const source = SOURCES[FORMAT];
const CIFAR = FORMAT === 'cifar10' || FORMAT === 'cifar100';
const TEXT = FORMAT === 'imdb';
if (source === undefined && !CIFAR && !TEXT)
  throw new Error(`FORMAT must be one of ${Object.keys(SOURCES).join(', ')}`);
const path =
  CIFAR || TEXT ? '' : FORMAT === 'npy' ? join(BENCH_DIR, source.file) : input(source.file);

if (FORMAT === 'npy' && !existsSync(path)) {
  const header = encodeNpy({
    dtype: 'float32',
    shape: [ROWS, WIDTH],
    data: new Float32Array(0),
  }).subarray(0, 128);
  const fd = openSync(path, 'w');
  writeSync(fd, header.subarray(0, header.indexOf(10) + 1));
  const chunk = new Float32Array(BATCH * WIDTH);
  for (let row = 0; row < ROWS; row += BATCH) {
    for (let i = 0; i < chunk.length; i++) chunk[i] = row + i / WIDTH;
    writeSync(fd, new Uint8Array(chunk.buffer));
  }
  closeSync(fd);
}

const mib = (n) => `${(n / 2 ** 20).toFixed(1)} MiB`;
let config = { source: 'local', name: 'big', sourceParams: { path, ...source?.params } };
if (CIFAR) {
  // the look-alike placed where Keras caches cifar-10-python.tar.gz / cifar-100-python.tar.gz
  const cacheDir = mkdtempSync(join(tmpdir(), 'qstore-cifar-cache-'));
  const c10 = FORMAT === 'cifar10';
  symlinkSync(
    input(c10 ? 'cifar-10-python.tar.gz' : 'cifar-100-python.tar.gz'),
    join(cacheDir, c10 ? 'cifar-10-batches-py-target_archive' : 'cifar-100-python-target_archive'),
  );
  config = {
    source: 'keras',
    name: FORMAT,
    cacheDir,
    sourceParams: { offline: true, verifyHash: false },
  };
}
if (TEXT) {
  // bench/prepare.py's look-alike of imdb.npz where Keras caches it; batches are padded rows
  const cacheDir = mkdtempSync(join(tmpdir(), 'qstore-imdb-cache-'));
  symlinkSync(input('imdb.npz'), join(cacheDir, 'imdb.npz'));
  config = {
    source: 'keras',
    name: 'imdb',
    cacheDir,
    sourceParams: { offline: true, verifyHash: false },
  };
}
if (FORMAT.startsWith('h5')) {
  // h5wasm's own cost (its worker thread, compiled code, WebAssembly memory) is a constant:
  // measured apart, by reading the labels (2 MiB) once; PROBE=0 runs h5wasm on this thread instead
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const { readHdf5 } = await import('../dist/hdf5.js');
  await readHdf5(path, { splits: { train: { x: 'y_train' } }, probe: PROBE });
  globalThis.gc?.();
  console.log(
    `loading h5wasm: RSS +${mib(process.memoryUsage().rss - before)} (before the baseline)`,
  );
}
globalThis.gc?.();
const base = process.memoryUsage();
let peakRss = base.rss;
let peakExternal = base.arrayBuffers;
let rows = 0;
let largest = 0;
const start = performance.now();
const batches =
  PROBE === false && FORMAT.startsWith('h5')
    ? (await import('../dist/hdf5.js')).streamHdf5(path, {
        batchSize: BATCH,
        probe: false,
        ...source.params,
      })
    : new StreamingDataGenerator(config, { batchSize: BATCH });
for await (const batch of batches) {
  rows += batch.x.shape[0];
  largest = Math.max(largest, batch.x.data.byteLength);
  if (HELD) {
    // memory held while the caller has the batch: collect garbage, let freed buffers go
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  }
  const now = process.memoryUsage();
  peakRss = Math.max(peakRss, now.rss);
  peakExternal = Math.max(peakExternal, now.arrayBuffers);
}
const seconds = (performance.now() - start) / 1000;
const batchBytes = TEXT ? largest : BATCH * (CIFAR ? 3072 : WIDTH * 4);
console.log(
  `${FORMAT}${HELD ? ' (held)' : ''}: streamed ${rows} rows (${mib(rows * (batchBytes / BATCH))}) in ${seconds.toFixed(1)} s, batch ${mib(batchBytes)}`,
);
console.log(
  `peak RSS growth ${mib(peakRss - base.rss)} = ${((peakRss - base.rss) / batchBytes).toFixed(2)}× one batch (target < 2.5× + constant)`,
);
console.log(
  `peak ArrayBuffer memory ${mib(peakExternal)} = ${(peakExternal / batchBytes).toFixed(2)}× one batch`,
);
