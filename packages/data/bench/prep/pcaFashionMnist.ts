/**
 * PCA of the 60,000 × 784 Fashion-MNIST training pixels to 16 components: ours (covariance solver
 * on the default thread count and on one thread, randomized solver) and scikit-learn's (full and
 * randomized), each in its own child process so that peak RSS is per solver, run one after
 * another. Ours is the built package (`dist/`, with its worker script), as users get it. Prints a
 * markdown table and the time ratios.
 *
 *   pnpm --filter @qstore/data bench:prep
 *
 * Needs Debian's `dataset-fashion-mnist` (or FASHION_MNIST_DIR pointing at the gz IDX files) and
 * `/usr/bin/python3` with python3-sklearn (or PYTHON).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { tensor } from '@qstore/core';

// The built package, loaded at run time (not bundled into this script) so that its worker
// script is found next to it.
const packageEntry = new URL('../../dist/index.js', import.meta.url).href;
const { Pca } = (await import(packageEntry)) as typeof import('../../src/index.js');

interface Result {
  name: string;
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  loadedRssMb: number;
  ratios: number[];
}

const dataDir = process.env['FASHION_MNIST_DIR'] ?? '/usr/share/datasets/fashion-mnist';
const imagesPath = join(dataDir, 'train-images-idx3-ubyte.gz');
const python = process.env['PYTHON'] ?? '/usr/bin/python3';

/** Decodes a gzipped IDX3 image file (magic 0x00000803) to a uint8 [n, rows·cols] tensor. */
function readIdxImages(path: string) {
  const bytes = gunzipSync(readFileSync(path));
  if (bytes.readUInt32BE(0) !== 0x803) throw new Error(`${path} is not an IDX3 ubyte file`);
  const [n, h, w] = [4, 8, 12].map((offset) => bytes.readUInt32BE(offset)) as [
    number,
    number,
    number,
  ];
  const pixels = new Uint8Array(bytes.buffer, bytes.byteOffset + 16, n * h * w);
  return tensor<'uint8'>(pixels, [n, h * w]);
}

function runOurs(method: 'covariance' | 'randomized', workers?: number): Result {
  const x = readIdxImages(imagesPath);
  const loadedRssMb = process.resourceUsage().maxRSS / 1024;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const model = Pca.fit(x, { nComponents: 16, method, seed: 0, workers });
  model.transform(x);
  const seconds = (performance.now() - start) / 1000;
  // CPU time of the whole process: worker threads included.
  const cpu = process.cpuUsage(cpuStart);
  const threads = workers === undefined ? 'default workers' : `workers: ${workers}`;
  return {
    name: `@qstore/data Pca (method '${method}', ${threads})`,
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    loadedRssMb,
    ratios: [...model.explainedVarianceRatio],
  };
}

function child(command: string, args: string[]): Result {
  const run = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
}

const loadAverage = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

const mode = process.argv[2];
if (mode === 'covariance' || mode === 'randomized') {
  const workers = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
  console.log(JSON.stringify(runOurs(mode, workers)));
} else {
  const self = fileURLToPath(import.meta.url);
  const sklearnScript = fileURLToPath(new URL('../../bench/prep/pcaSklearn.py', import.meta.url));
  const runs: Array<() => Result> = [
    () => child(process.execPath, [self, 'covariance']),
    () => child(python, [sklearnScript, imagesPath, 'full']),
    () => child(process.execPath, [self, 'covariance', '1']),
    () => child(process.execPath, [self, 'randomized']),
    () => child(python, [sklearnScript, imagesPath, 'randomized']),
  ];
  // Interleaved rounds; each implementation keeps its fastest round (the least disturbed by load).
  const rounds = Number(process.env['BENCH_ROUNDS'] ?? 1);
  const results: Result[] = [];
  for (let round = 0; round < rounds; round++) {
    runs.forEach((run, i) => {
      const result = run();
      if (results[i] === undefined || result.seconds < results[i]!.seconds) results[i] = result;
    });
  }
  console.log(`best of ${rounds} interleaved round(s); load average ${loadAverage()}`);
  console.log(
    '| implementation | time (s) | CPU time (s) | peak RSS (MB) | RSS after loading (MB) |',
  );
  console.log('|---|---:|---:|---:|---:|');
  for (const r of results) {
    const cells = [r.seconds, r.cpuSeconds].map((v) => v.toFixed(2));
    console.log(
      `| ${r.name} | ${cells.join(' | ')} | ${r.peakRssMb.toFixed(0)} | ${r.loadedRssMb.toFixed(0)} |`,
    );
  }
  const [ours, full, oursOneThread, oursRandomized, sklearnRandomized] = results as [
    Result,
    Result,
    Result,
    Result,
    Result,
  ];
  const gap = (a: Result, b: Result) =>
    Math.max(...a.ratios.map((v, i) => Math.abs(v - b.ratios[i]!)));
  console.log('');
  console.log(
    `time ratio, scikit-learn full / ours covariance: ${(full.seconds / ours.seconds).toFixed(2)}`,
  );
  console.log(
    `CPU time ratio, scikit-learn full / ours covariance: ${(full.cpuSeconds / ours.cpuSeconds).toFixed(2)}`,
  );
  console.log(
    `time ratio, scikit-learn full / ours covariance on one thread: ${(full.seconds / oursOneThread.seconds).toFixed(2)}`,
  );
  console.log(
    `time ratio, scikit-learn randomized / ours randomized: ${(sklearnRandomized.seconds / oursRandomized.seconds).toFixed(2)}`,
  );
  console.log(
    `max |Δ explained-variance ratio| ours covariance vs scikit-learn full: ${gap(ours, full).toExponential(2)}`,
  );
  console.log(
    `max |Δ explained-variance ratio| ours covariance, default workers vs one thread: ${gap(ours, oursOneThread).toExponential(2)}`,
  );
  console.log(
    `max |Δ explained-variance ratio| ours randomized vs scikit-learn full: ${gap(oursRandomized, full).toExponential(2)}`,
  );
}
