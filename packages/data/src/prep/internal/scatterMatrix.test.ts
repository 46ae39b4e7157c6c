import { once } from 'node:events';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { useTempDirs } from '@qstore/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltWorker, buildScatterWorker } from '../../../test/helpers/scatterWorker.js';
import { columnMeans } from './kernels.js';
import type { MatrixView } from './matrix.js';
import * as shared from './scatterJob.js';
import { scatterMatrix } from './scatterMatrix.js';

/** Deterministic pseudo-random values in [0, 1). */
function values(length: number, seed: number): Float64Array {
  let state = seed >>> 0;
  return Float64Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  });
}

const maxGap = (a: Float64Array, b: Float64Array) =>
  a.reduce((gap, v, i) => Math.max(gap, Math.abs(v - b[i]!)), 0);

describe('scatterMatrix on worker threads', () => {
  const tempDir = useTempDirs();
  let worker: BuiltWorker;
  let workerScript: URL;
  beforeAll(async () => {
    worker = await buildScatterWorker();
    workerScript = worker.url;
  });
  afterAll(() => worker.remove());

  it('should give bit-identical uint8 scatter matrices for every thread count, workers included', async () => {
    const rows = 3000;
    const cols = 203;
    const data = Uint8Array.from(values(rows * cols, 7), (v) => Math.floor(v * 256));
    const x: MatrixView = { rows, cols, data };
    const mean = columnMeans(x);
    const single = scatterMatrix(x, mean, { workers: 1 });
    expect(single.owners).toEqual([0]);
    // The float kernel is checked against the naive triple loop in kernels.test.ts.
    const float = scatterMatrix({ ...x, data: Float64Array.from(data) }, mean, { workers: 1 });
    const scale = Math.max(...float.scatter.map(Math.abs));
    expect(maxGap(single.scatter, float.scatter)).toBeLessThanOrEqual(1e-13 * scale);
    for (const workers of [2, 3]) {
      const parallel = scatterMatrix(x, mean, { workers, workerScript });
      expect(parallel.owners).toHaveLength(2 * workers);
      expect(maxGap(parallel.scatter, single.scatter)).toBe(0);
      await parallel.exited;
    }
  });

  it('should have the worker script compute every free part of a shared job, then exit', async () => {
    // Which thread claims which part depends on timing; here the worker gets the whole job.
    const x: MatrixView = { rows: 700, cols: 13, data: values(700 * 13, 9) };
    const mean = columnMeans(x);
    const parts = shared.splitRows(x.rows, 3);
    const size = shared.gramStride(x.cols) ** 2;
    const job: shared.ScatterJob = {
      x,
      mean,
      parts,
      grams: new Float64Array(new SharedArrayBuffer(parts.length * size * 8)),
      control: new Int32Array(new SharedArrayBuffer((2 + 2 * parts.length) * 4)),
    };
    const worker = new Worker(workerScript, { workerData: job });
    const { threadId } = worker;
    const [exitCode] = await once(worker, 'exit');
    expect(exitCode).toBe(0);
    parts.forEach((range, p) => {
      expect(Atomics.load(job.control, shared.partState(p))).toBe(shared.DONE);
      expect(Atomics.load(job.control, shared.partOwner(p, parts.length))).toBe(threadId);
      const expected = new Float64Array(size);
      shared.accumulateScatter(x, mean, range, {
        gram: expected,
        stride: shared.gramStride(x.cols),
      });
      expect(job.grams.subarray(p * size, (p + 1) * size)).toEqual(expected);
    });
    expect(Atomics.load(job.control, shared.ROWS_DONE)).toBe(x.rows);
  });

  it('should be bit-identical from run to run for floats and match one thread to rounding', async () => {
    const rows = 1500;
    const cols = 61;
    const x: MatrixView = { rows, cols, data: values(rows * cols, 11) };
    const mean = columnMeans(x);
    const first = scatterMatrix(x, mean, { workers: 2, workerScript });
    const second = scatterMatrix(x, mean, { workers: 2, workerScript });
    expect(maxGap(second.scatter, first.scatter)).toBe(0);
    const single = scatterMatrix(x, mean, { workers: 1 }).scatter;
    expect(maxGap(first.scatter, single)).toBeLessThanOrEqual(1e-12 * rows);
    await Promise.all([first.exited, second.exited]);
  });

  it('should compute every part here when the worker script cannot load', async () => {
    const x: MatrixView = { rows: 600, cols: 9, data: values(600 * 9, 5) };
    const mean = columnMeans(x);
    const result = scatterMatrix(x, mean, {
      workers: 2,
      workerScript: pathToFileURL(join(await tempDir(), 'missing.mjs')),
    });
    expect(result.owners).toEqual([0, 0, 0, 0]);
    expect(result.scatter).toEqual(scatterMatrix(x, mean, { workers: 2, workerScript }).scatter);
    await result.exited;
  });

  it('should stop every thread when the block hook throws (abort)', async () => {
    const x: MatrixView = { rows: 4000, cols: 64, data: values(4000 * 64, 3) };
    const mean = columnMeans(x);
    let calls = 0;
    expect(() =>
      scatterMatrix(x, mean, {
        workers: 2,
        workerScript,
        onBlock: () => {
          calls++;
          if (calls === 3) throw new Error('stop');
        },
      }),
    ).toThrow('stop');
  });
});
