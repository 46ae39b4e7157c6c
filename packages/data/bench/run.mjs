// Side-by-side benchmarks of @qstore/data against the best JavaScript peer per format, on real
// Fashion-MNIST bytes. Needs `pnpm build` and `/usr/bin/python3 bench/prepare.py` first.
// Run from packages/data: node bench/run.mjs   (or pnpm bench, which builds first);
// BENCH_ONLY=npz,csv node bench/run.mjs runs some sections only.
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';
import { parse as npyjsParse } from 'npyjs';
import Papa from 'papaparse';
import { PNG } from 'pngjs';
import UPNG from 'upng-js';
import {
  decodePng,
  kerasSource,
  parseCsv,
  parseIdx,
  parseNpy,
  parseNpz,
  readParquetSplit,
} from '../dist/index.js';
import { benchArrow } from './arrowBench.mjs';
import { benchFolder } from './folderBench.mjs';
import { BENCH_DIR, input, medianMs, medianTimes, readPngs, report } from './harness.mjs';
import { benchHdf5 } from './hdf5Bench.mjs';
import { reportPeakRss } from './peakRss.mjs';

const FMNIST = '/usr/share/datasets/fashion-mnist';
const IDX = [
  'train-images-idx3-ubyte.gz',
  'train-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
];

// BENCH_ONLY=csv,npz (any of idx, npy, npz, csv, cifar, images, hdf5, arrow, folder) runs only
// those sections. Each section also prints the peak RSS of its whole-file loads, each measured in
// a process of its own (bench/peakRss.mjs).
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const selected = (name) => only === undefined || only.includes(name);

console.log('| task | ours | peer (ratio = peer time / ours) | target |');
console.log('| --- | --- | --- | --- |');

if (selected('idx')) {
  // IDX: read + gunzip + parse all four files. No IDX reader on npm is worth naming, so the floor is
  // node:zlib's gunzip alone.
  const idxOurs = await medianMs(() => {
    for (const f of IDX) parseIdx(readFileSync(join(FMNIST, f)), f);
  });
  const idxFloor = await medianMs(() => {
    for (const f of IDX) gunzipSync(readFileSync(join(FMNIST, f)));
  });
  report(
    'Fashion-MNIST IDX, 4 files, read+gunzip+parse',
    idxOurs,
    { name: 'gunzip alone (floor)', ms: idxFloor },
    '≤ 600 ms',
    idxOurs <= 600,
  );
  await reportPeakRss('idx', 'Fashion-MNIST IDX, 4 files');
}

if (selected('npy')) {
  // NPY: 188 MB float32 (60000, 28, 28)
  const npyBytes = readFileSync(input('x_train_f4.npy'));
  const npyOurs = await medianMs(() => parseNpy(npyBytes, 'x.npy'));
  const npyPeer = await medianMs(() =>
    npyjsParse(
      npyBytes.buffer.slice(npyBytes.byteOffset, npyBytes.byteOffset + npyBytes.byteLength),
    ),
  );
  report('NPY 188 MB float32 parse', npyOurs, { name: 'npyjs', ms: npyPeer });
}

if (selected('npz')) {
  // NPZ in the Keras mnist.npz layout (npyjs has no NPZ)
  const stored = input('mnist_stored.npz');
  const deflated = input('mnist_deflated.npz');
  const npzStored = await medianTimes(() => parseNpz(readFileSync(stored), 's'), 9);
  report(
    `NPZ stored 55 MB, read + CRC + parse (CPU ${npzStored.cpuMs.toFixed(0)} ms)`,
    npzStored.ms,
    undefined,
    '≤ 100 ms',
    npzStored.ms <= 100,
  );
  const npzDeflated = await medianMs(() => parseNpz(readFileSync(deflated), 'd'));
  report(
    'NPZ deflated 31 MB, read + inflate + parse',
    npzDeflated,
    undefined,
    '≤ 500 ms',
    npzDeflated <= 500,
  );
  await reportPeakRss('npz-stored', 'NPZ stored');
  await reportPeakRss('npz-deflated', 'NPZ deflated');
}

if (selected('csv')) {
  // CSV: 133 MB, 60,001 lines × 785 numeric columns (Kaggle layout)
  const csvBytes = readFileSync(input('fashion-mnist_train.csv'));
  const csvText = csvBytes.toString('utf8');
  const csvMB = csvBytes.length / 1e6;
  const csvOurs = await medianTimes(() => parseCsv(csvBytes, 'c.csv', { labelColumn: 'label' }), 5);
  const csvPeer = await medianMs(() => Papa.parse(csvText, { skipEmptyLines: true }), 3);
  report(
    `CSV ${csvMB.toFixed(0)} MB numeric → tensor (${(csvMB / (csvOurs.ms / 1000)).toFixed(0)} MB/s; CPU ${csvOurs.cpuMs.toFixed(0)} ms = ${(csvMB / (csvOurs.cpuMs / 1000)).toFixed(0)} MB/s)`,
    csvOurs.ms,
    { name: 'papaparse, strings only', ms: csvPeer },
    '≥ 100 MB/s',
    csvMB / (csvOurs.ms / 1000) >= 100,
  );

  // CSV with decimals and exponents (0.682353, 2.7451e-06): 20,000 rows scaled from the same pixels
  const floatBytes = readFileSync(input('fashion-mnist_train_float.csv'));
  const floatMB = floatBytes.length / 1e6;
  const floatOurs = await medianTimes(
    () => parseCsv(floatBytes, 'f.csv', { labelColumn: 'label' }),
    5,
  );
  const floatText = floatBytes.toString('utf8');
  const floatPeer = await medianMs(
    () => Papa.parse(floatText, { skipEmptyLines: true, dynamicTyping: true }),
    3,
  );
  report(
    `CSV ${floatMB.toFixed(0)} MB decimals/exponents → tensor (${(floatMB / (floatOurs.ms / 1000)).toFixed(0)} MB/s; CPU ${floatOurs.cpuMs.toFixed(0)} ms = ${(floatMB / (floatOurs.cpuMs / 1000)).toFixed(0)} MB/s)`,
    floatOurs.ms,
    { name: 'papaparse, dynamicTyping numbers', ms: floatPeer },
    '≥ 100 MB/s',
    floatMB / (floatOurs.ms / 1000) >= 100,
  );
  await reportPeakRss('csv', 'CSV 133 MB whole numbers → float64');
}

if (selected('cifar')) {
  // CIFAR-10 from a full-size look-alike of Keras' cifar-10-python.tar.gz, through the keras source's
  // cache path (offline): read + gunzip + tar + unpickle 6 batches + HWC transpose + splits
  const cifarArchive = input('cifar-10-python.tar.gz');
  const cifarCache = mkdtempSync(join(tmpdir(), 'qstore-bench-keras-'));
  symlinkSync(cifarArchive, join(cifarCache, 'cifar-10-batches-py-target_archive'));
  const keras = kerasSource();
  const cifarOptions = keras.optionsSchema.parse({
    name: 'cifar10',
    offline: true,
    verifyHash: false,
  });
  const cifarOurs = await medianTimes(() => keras.load(cifarOptions, { cacheDir: cifarCache }), 3);
  const cifarFloor = await medianMs(() => gunzipSync(readFileSync(cifarArchive)), 3);
  rmSync(cifarCache, { recursive: true });
  report(
    `CIFAR-10 python tarball (60k images) → channels-last splits (CPU ${cifarOurs.cpuMs.toFixed(0)} ms)`,
    cifarOurs.ms,
    { name: 'read + gunzip alone (floor)', ms: cifarFloor },
    '≤ 4 s',
    cifarOurs.ms <= 4000,
  );
  await reportPeakRss('cifar', 'CIFAR-10 python tarball');
}

if (selected('images')) {
  // PNG decode: 60,000 28×28 gray PNGs as PIL / Hugging Face encode them
  const pngs = readPngs();
  const pngOurs = await medianMs(() => {
    for (const p of pngs) decodePng(p, 'p');
  }, 3);
  const pngUpng = await medianMs(() => {
    for (const p of pngs) UPNG.decode(p.buffer.slice(p.byteOffset, p.byteOffset + p.byteLength));
  }, 3);
  const pngPngjs = await medianMs(() => {
    for (const p of pngs) PNG.sync.read(p);
  }, 3);
  const rate = (ms) => `${Math.round(60000 / (ms / 1000))} img/s`;
  report(`PNG decode 60k 28×28 gray (${rate(pngOurs)})`, pngOurs, {
    name: `upng-js (${rate(pngUpng)})`,
    ms: pngUpng,
  });
  report(`PNG decode 60k 28×28 gray (${rate(pngOurs)})`, pngOurs, {
    name: `pngjs (${rate(pngPngjs)})`,
    ms: pngPngjs,
  });

  // Parquet in the Hugging Face layout: 60,000 PNG rows in 1000-row groups
  const parquetPath = join(BENCH_DIR, 'hf_fmnist.parquet');
  const labels = new BigInt64Array(readFileSync(input('train_labels.npy')).buffer.slice(128));
  parquetWriteFile({
    filename: parquetPath,
    columnData: [
      { name: 'image', data: pngs.map((bytes) => ({ bytes, path: null })) },
      { name: 'label', data: Array.from(labels) },
    ],
    schema: [
      { name: 'schema', num_children: 2 },
      { name: 'image', repetition_type: 'OPTIONAL', num_children: 2 },
      { name: 'bytes', type: 'BYTE_ARRAY', repetition_type: 'OPTIONAL' },
      { name: 'path', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'label', type: 'INT64', repetition_type: 'OPTIONAL' },
    ],
    rowGroupSize: 1000,
    kvMetadata: [
      {
        key: 'huggingface',
        value: JSON.stringify({
          info: {
            features: {
              image: { _type: 'Image' },
              label: { _type: 'ClassLabel', names: [...'0123456789'] },
            },
          },
        }),
      },
    ],
  });
  const file = await asyncBufferFromFile(parquetPath);
  const pqOurs = await medianMs(() => readParquetSplit(file, 'p'), 3);
  const pqNaive = await medianMs(async () => {
    const rows = await parquetReadObjects({ file, utf8: false, compressors });
    const out = new Uint8Array(rows.length * 784);
    rows.forEach((row, i) => {
      const png = PNG.sync.read(Buffer.from(row.image.bytes));
      for (let p = 0; p < 784; p++) out[i * 784 + p] = png.data[p * 4];
    });
  }, 3);
  report(
    `HF Parquet 60k PNG rows → uint8 tensor (${rate(pqOurs).replace('img', 'rows')})`,
    pqOurs,
    { name: 'hyparquet + pngjs, naive', ms: pqNaive },
    '≥ 15k rows/s',
    60000 / (pqOurs / 1000) >= 15000,
  );
  const slice = await medianMs(() =>
    readParquetSplit(file, 'p', { rowStart: 30000, rowEnd: 31000 }),
  );
  report('HF Parquet 1000-row slice', slice, undefined, '≤ 50 ms', slice <= 50);
  await reportPeakRss('parquet', 'HF Parquet 60k PNG rows');
}

if (selected('hdf5')) await benchHdf5();
if (selected('arrow')) await benchArrow();
if (selected('folder')) await benchFolder();

console.log(`\nnode ${process.version}, ${new Date().toISOString()}`);
