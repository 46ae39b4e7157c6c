// Speed of readHdf5 and streamHdf5 on bench/prepareStream.py's 1 GiB HDF5 file (h5py: float32
// 262,144 × 1,024 as x_train contiguous and x_gzip gzip-chunked, int64 y_train), in three ways:
// guarded (h5wasm in its worker thread, the default), `probe: false` (h5wasm on this thread) and
// the peer: h5wasm used naively (`dataset.value`, `dataset.slice` per batch), each way in its own
// process. BEFORE=<module> adds a build of an older `hdf5.js` (before/after numbers; see
// BENCHMARKS.md for how it was built). Run from packages/data:
//   pnpm build && /usr/bin/python3 bench/prepareStream.py && node bench/hdf5Speed.mjs
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { readHdf5, streamHdf5 } from '../dist/hdf5.js';
import { input } from './harness.mjs';

const run = promisify(execFile);

const path = input('stream_1gib.h5');
const MiB = 2 ** 20;
const RUNS = Number(process.env.RUNS ?? 3);
const BATCHES = (process.env.BATCH_ROWS ?? '1024,4096').split(',').map(Number);
const WAYS = ['guarded', 'probe: false', ...(process.env.BEFORE ? ['before'] : []), 'peer'];

/** Median wall time and CPU time (ms) of `RUNS` runs of `task`, which returns the bytes it read. */
async function measure(task) {
  const runs = [];
  let bytes = 0;
  for (let i = 0; i < RUNS; i++) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const start = performance.now();
    bytes = await task();
    const wall = performance.now() - start;
    const used = process.cpuUsage(cpu);
    runs.push({ wall, cpu: (used.user + used.system) / 1000 });
  }
  runs.sort((a, b) => a.wall - b.wall);
  return { ...runs[Math.floor(RUNS / 2)], bytes };
}

const size = (t) => t.data.byteLength;
const tasks = [];
for (const x of ['x_train', 'x_gzip']) {
  tasks.push({ name: `readHdf5 ${x} (1 GiB) + y_train`, x });
  for (const batchSize of BATCHES)
    tasks.push({ name: `streamHdf5 ${x}, ${(batchSize * 4096) / MiB} MiB batches`, x, batchSize });
}

/** Runs task TASK one way (in this process) and prints a JSON line. */
async function runWay(way) {
  const h5wasm = (await import('h5wasm/node')).default;
  await h5wasm.ready;
  const api =
    way === 'before'
      ? { ...(await import(process.env.BEFORE)), probe: false }
      : { readHdf5, streamHdf5, probe: way === 'guarded' ? {} : false };
  for (const { name, x, batchSize } of tasks.filter((t) => t.name === process.env.TASK)) {
    const splits = { train: { x, y: 'y_train' } };
    let task;
    if (way === 'peer' && batchSize === undefined)
      task = async () => {
        const file = new h5wasm.File(path, 'r');
        const bytes = file.get(x).value.byteLength + file.get('y_train').value.byteLength;
        file.close();
        return bytes;
      };
    else if (way === 'peer')
      task = async () => {
        const file = new h5wasm.File(path, 'r');
        const [xs, ys] = [file.get(x), file.get('y_train')];
        let bytes = 0;
        for (let s = 0; s < xs.shape[0]; s += batchSize) {
          const e = Math.min(xs.shape[0], s + batchSize);
          bytes += xs.slice([[s, e]]).byteLength + ys.slice([[s, e]]).byteLength;
        }
        file.close();
        return bytes;
      };
    else if (batchSize === undefined)
      task = async () => {
        const { splits: s } = await api.readHdf5(path, { splits, probe: api.probe });
        return size(s.train.x) + size(s.train.y);
      };
    else
      task = async () => {
        let bytes = 0;
        for await (const b of api.streamHdf5(path, { batchSize, splits, probe: api.probe }))
          bytes += size(b.x) + size(b.y);
        return bytes;
      };
    // h5wasm's heap tops out at 2 GiB: a whole 1 GiB read may fail on a fragmented heap
    const result = await measure(task).catch((error) => ({ error: error.message }));
    console.log(JSON.stringify({ name, way, ...result }));
  }
}

if (process.env.WAY !== undefined) await runWay(process.env.WAY);
else {
  // each task and way in its own process: h5wasm on the main thread keeps a heap as large as its
  // largest read (it never shrinks), which would slow down what is measured after it
  const rows = [];
  for (const { name } of tasks)
    for (const way of WAYS) {
      const script = fileURLToPath(import.meta.url);
      const { stdout } = await run(process.execPath, ['--expose-gc', script], {
        env: { ...process.env, WAY: way, TASK: name },
        maxBuffer: 2 ** 24,
      });
      for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const r = JSON.parse(line);
        if (r.error !== undefined) {
          console.log(`${r.name} | ${way} | failed: ${r.error}`);
          continue;
        }
        rows.push(r);
        const mibs = r.bytes / MiB / (r.wall / 1000);
        console.log(
          `${r.name} | ${way} | ${r.wall.toFixed(0)} ms (CPU ${r.cpu.toFixed(0)} ms) | ${mibs.toFixed(0)} MiB/s`,
        );
      }
    }
  const wall = (name, way) => rows.find((r) => r.name === name && r.way === way)?.wall;
  console.log('\nratio = their time / guarded time (above 1: guarded is faster)');
  for (const { name } of tasks)
    console.log(
      `${name}: ${WAYS.slice(1)
        .map((way) => {
          const ratio = wall(name, way) / wall(name, 'guarded');
          return `vs ${way} ${Number.isNaN(ratio) ? 'failed' : ratio.toFixed(2)}`;
        })
        .join(', ')}`,
    );
}
