/**
 * PCA of the 60,000 × 784 Fashion-MNIST training pixels to 16 components: ours (covariance and
 * randomized solvers) and scikit-learn's (full and randomized), each in its own child process so
 * that peak RSS is per solver, run one after another. Prints a markdown table and the time ratio.
 *
 *   pnpm --filter @qstore/data bench:pca
 *
 * Needs Debian's `dataset-fashion-mnist` (or FASHION_MNIST_DIR pointing at the gz IDX files) and
 * `/usr/bin/python3` with python3-sklearn (or PYTHON).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { tensor } from '@qstore/core';
import { Pca } from '../../src/index.js';

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

function runOurs(method: 'covariance' | 'randomized'): Result {
  const x = readIdxImages(imagesPath);
  const loadedRssMb = process.resourceUsage().maxRSS / 1024;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const model = Pca.fit(x, { nComponents: 16, method, seed: 0 });
  model.transform(x);
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  return {
    name: `@qstore/data Pca (method '${method}')`,
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

const mode = process.argv[2];
if (mode === 'covariance' || mode === 'randomized') {
  console.log(JSON.stringify(runOurs(mode)));
} else {
  const self = fileURLToPath(import.meta.url);
  const sklearnScript = fileURLToPath(new URL('../../bench/prep/pcaSklearn.py', import.meta.url));
  const runs: Array<() => Result> = [
    () => child(process.execPath, [self, 'covariance']),
    () => child(python, [sklearnScript, imagesPath, 'full']),
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
  console.log(`best of ${rounds} interleaved round(s)`);
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
  const [ours, full, oursRandomized, sklearnRandomized] = results as [
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
    `time ratio, scikit-learn randomized / ours randomized: ${(sklearnRandomized.seconds / oursRandomized.seconds).toFixed(2)}`,
  );
  console.log(
    `max |Δ explained-variance ratio| ours covariance vs scikit-learn full: ${gap(ours, full).toExponential(2)}`,
  );
  console.log(
    `max |Δ explained-variance ratio| ours randomized vs scikit-learn full: ${gap(oursRandomized, full).toExponential(2)}`,
  );
}
