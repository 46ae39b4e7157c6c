// Peak memory of whole-file loads (spec §6.2.9: peak RSS ≤ 2.5× the decoded tensor size). Each
// load runs once in its own process, so what one load leaves behind (h5wasm's heap, V8's grown
// heap) does not count for the next: `node bench/peakRss.mjs <task>` prints one JSON line, and
// `peakRss(task)` runs it and returns the numbers. The inputs are bench/prepare.py's and those the
// run.mjs sections write (the Parquet and Arrow files).
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const FMNIST = '/usr/share/datasets/fashion-mnist';
const H5_SPLITS = (x) => ({ train: { x, y: 'y_train' } });

/** Bytes of every tensor of a dataset-like object (splits of `x`/`y` tensors). */
function splitBytes(splits) {
  let bytes = 0;
  for (const split of Object.values(splits))
    if (split?.x !== undefined) bytes += split.x.data.byteLength + (split.y?.data.byteLength ?? 0);
  return bytes;
}

/** Bytes of every array of an npz. */
function npzBytes(arrays) {
  return Object.values(arrays).reduce((sum, t) => sum + t.data.byteLength, 0);
}

/** Reads h5wasm's way, naively: the whole dataset through `dataset.value`. */
async function h5wasmValue(path, x) {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const file = new h5wasm.File(path, 'r');
  const bytes = file.get(x).value.byteLength + file.get('y_train').value.byteLength;
  file.close();
  return bytes;
}

/**
 * Reads every image of a class-folder tree the naive way: readFileSync + upng-js (or pngjs) per
 * file, the gray channel copied into one uint8 tensor. Returns the decoded bytes.
 */
export async function naiveFolder(root, decoder = 'upng-js') {
  const decode =
    decoder === 'pngjs'
      ? await import('pngjs').then(({ PNG }) => (bytes) => ({
          data: PNG.sync.read(bytes).data,
          step: 4,
        }))
      : await import('upng-js').then(({ default: UPNG }) => (bytes) => ({
          data: new Uint8Array(
            UPNG.decode(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
              .data,
          ),
          step: 1,
        }));
  const classes = readdirSync(root).sort();
  const files = classes.flatMap((c, label) =>
    readdirSync(join(root, c))
      .sort()
      .map((f) => ({ path: join(root, c, f), label })),
  );
  const x = new Uint8Array(files.length * 784);
  const y = new Int32Array(files.length);
  files.forEach(({ path, label }, i) => {
    const { data, step } = decode(readFileSync(path));
    for (let p = 0; p < 784; p++) x[i * 784 + p] = data[p * step];
    y[i] = label;
  });
  return x.byteLength + y.byteLength;
}

/** `readHdf5` of dataset `x` (and `y_train`) of prepare.py's HDF5 file, with `options`. */
function readH5(x, options = {}) {
  return async (d, dir) =>
    splitBytes(
      (await d.readHdf5(join(dir, 'fmnist_train.h5'), { splits: H5_SPLITS(x), ...options })).splits,
    );
}

/** `loadDataset` of bench file or folder `name` through the `local` source. */
function loadLocal(name) {
  return async (d, dir) =>
    splitBytes(
      await d.loadDataset({ source: 'local', name, sourceParams: { path: join(dir, name) } }),
    );
}

/** Whole-file loads by name; each returns the decoded bytes it produced. */
const TASKS = {
  idx: async (d) => {
    let bytes = 0;
    for (const f of readdirSync(FMNIST).filter((n) => n.endsWith('-ubyte.gz')))
      bytes += d.parseIdx(readFileSync(join(FMNIST, f)), f).data.byteLength;
    return bytes;
  },
  'npz-stored': async (d, dir) =>
    npzBytes(d.parseNpz(readFileSync(join(dir, 'mnist_stored.npz')), 's')),
  'npz-deflated': async (d, dir) =>
    npzBytes(d.parseNpz(readFileSync(join(dir, 'mnist_deflated.npz')), 'd')),
  csv: async (d, dir) => {
    const table = d.parseCsv(readFileSync(join(dir, 'fashion-mnist_train.csv')), 'c', {
      labelColumn: 'label',
    });
    return table.x.data.byteLength + table.y.data.byteLength;
  },
  cifar: async (d, dir) => {
    const cache = mkdtempSync(join(tmpdir(), 'qstore-bench-keras-'));
    symlinkSync(
      join(dir, 'cifar-10-python.tar.gz'),
      join(cache, 'cifar-10-batches-py-target_archive'),
    );
    const keras = d.kerasSource();
    const options = keras.optionsSchema.parse({
      name: 'cifar10',
      offline: true,
      verifyHash: false,
    });
    const dataset = await keras.load(options, { cacheDir: cache });
    rmSync(cache, { recursive: true });
    return splitBytes({ train: dataset.train, test: dataset.test });
  },
  parquet: async (d, dir) => {
    const { asyncBufferFromFile } = await import('hyparquet');
    const read = await d.readParquetSplit(
      await asyncBufferFromFile(join(dir, 'hf_fmnist.parquet')),
      'p',
    );
    return splitBytes({ train: read.split });
  },
  'hdf5-contiguous': readH5('x_train'),
  'hdf5-gzip': readH5('x_gzip'),
  'hdf5-contiguous-probe-false': readH5('x_train', { probe: false }),
  'hdf5-gzip-probe-false': readH5('x_gzip', { probe: false }),
  'hdf5-contiguous-h5wasm': async (_d, dir) => h5wasmValue(join(dir, 'fmnist_train.h5'), 'x_train'),
  'hdf5-gzip-h5wasm': async (_d, dir) => h5wasmValue(join(dir, 'fmnist_train.h5'), 'x_gzip'),
  'arrow-file': loadLocal('fmnist.arrow'),
  'arrow-stream': loadLocal('fmnist.arrows'),
  folder: loadLocal('fmnist_folder'),
  'folder-naive': async (_d, dir) => naiveFolder(join(dir, 'fmnist_folder')),
};

/**
 * Runs whole-file load `task` once in a fresh process: RSS before the load (modules imported),
 * the process's peak RSS (both threads), and the decoded bytes, in MB; `ratio` = peak / decoded,
 * `growthRatio` = (peak − before) / decoded.
 */
export async function peakRss(task) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [fileURLToPath(import.meta.url), task],
    {
      maxBuffer: 2 ** 20,
    },
  );
  const { before, peak, bytes } = JSON.parse(stdout.split('\n').find((l) => l.startsWith('{')));
  const mb = (b) => b / 1e6;
  return {
    before: mb(before),
    peak: mb(peak),
    decoded: mb(bytes),
    ratio: peak / bytes,
    growthRatio: (peak - before) / bytes,
  };
}

/** One report line for `peakRss(task)`: met when the growth is ≤ 2.5× the decoded size. */
export async function reportPeakRss(task, label) {
  const r = await peakRss(task);
  const met = r.growthRatio <= 2.5;
  console.log(
    `| peak RSS, ${label}: decoded ${r.decoded.toFixed(1)} MB | +${(r.peak - r.before).toFixed(0)} MB over ${r.before.toFixed(0)} MB before the load = ${r.growthRatio.toFixed(2)}× (process peak ${r.peak.toFixed(0)} MB = ${r.ratio.toFixed(2)}×) | — | growth ≤ 2.5× ${met ? '✓' : '✗'} |`,
  );
  return r;
}

/**
 * The peak RSS of this process's memory (all threads) in bytes: Linux's VmHWM. Not
 * `process.resourceUsage().maxRSS`: Linux carries a process's peak over fork and exec, so a child
 * started by a large parent reports the parent's RSS as its own peak.
 */
function peakOfThisProcess() {
  const status = existsSync('/proc/self/status') ? readFileSync('/proc/self/status', 'utf8') : '';
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  return hwm === null ? process.resourceUsage().maxRSS * 1024 : Number(hwm[1]) * 1024;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { BENCH_DIR } = await import('./harness.mjs');
  const data = { ...(await import('../dist/index.js')), ...(await import('../dist/hdf5.js')) };
  const task = TASKS[process.argv[2]];
  if (task === undefined)
    throw new Error(`unknown task ${process.argv[2]}; one of ${Object.keys(TASKS).join(', ')}`);
  const before = process.memoryUsage().rss;
  const bytes = await task(data, BENCH_DIR);
  console.log(JSON.stringify({ before, peak: peakOfThisProcess(), bytes }));
}
