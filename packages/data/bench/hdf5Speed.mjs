// Speed of readHdf5 and streamHdf5 on bench/prepareStream.py's 1 GiB HDF5 file (h5py: float32
// 262,144 × 1,024 as x_train contiguous and x_gzip gzip-chunked, int64 y_train), in three ways:
// guarded (h5wasm in its worker thread, the default), `probe: false` (h5wasm on this thread) and
// the peer: h5wasm used naively (`dataset.value`, `dataset.slice` per batch). BEFORE=<module>
// adds a build of an older `hdf5.js` (for before/after numbers). Run from packages/data:
//   pnpm build && /usr/bin/python3 bench/prepareStream.py && node bench/hdf5Speed.mjs
import { readHdf5, streamHdf5 } from '../dist/hdf5.js';
import { input } from './harness.mjs';

const path = input('stream_1gib.h5');
const MiB = 2 ** 20;
const RUNS = Number(process.env.RUNS ?? 3);
const BATCHES = (process.env.BATCH_ROWS ?? '1024,4096').split(',').map(Number);
const h5wasm = (await import('h5wasm/node')).default;
await h5wasm.ready;
const before = process.env.BEFORE ? await import(process.env.BEFORE) : undefined;

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

const ways = {
  guarded: { readHdf5, streamHdf5, probe: {} },
  'probe: false': { readHdf5, streamHdf5, probe: false },
  ...(before ? { before: { ...before, probe: false } } : {}),
};
const size = (t) => t.data.byteLength;
const rows = [];
const report = (task, way, r) => {
  rows.push({ task, way, ...r });
  const mbs = r.bytes / MiB / (r.wall / 1000);
  console.log(
    `${task} | ${way} | ${r.wall.toFixed(0)} ms (CPU ${r.cpu.toFixed(0)} ms) | ${mbs.toFixed(0)} MiB/s`,
  );
};

for (const x of ['x_train', 'x_gzip']) {
  const splits = { train: { x, y: 'y_train' } };
  const task = `readHdf5 ${x} (1 GiB) + y_train`;
  for (const [way, api] of Object.entries(ways))
    report(
      task,
      way,
      await measure(async () => {
        const { splits: s } = await api.readHdf5(path, { splits, probe: api.probe });
        return size(s.train.x) + size(s.train.y);
      }),
    );
  report(
    task,
    'peer: h5wasm dataset.value',
    await measure(async () => {
      const file = new h5wasm.File(path, 'r');
      const bytes = file.get(x).value.byteLength + file.get('y_train').value.byteLength;
      file.close();
      return bytes;
    }),
  );
  for (const batchSize of BATCHES) {
    const task = `streamHdf5 ${x}, ${(batchSize * 4096) / MiB} MiB batches`;
    for (const [way, api] of Object.entries(ways))
      report(
        task,
        way,
        await measure(async () => {
          let bytes = 0;
          for await (const b of api.streamHdf5(path, { batchSize, splits, probe: api.probe }))
            bytes += size(b.x) + size(b.y);
          return bytes;
        }),
      );
    report(
      task,
      'peer: h5wasm dataset.slice',
      await measure(async () => {
        const file = new h5wasm.File(path, 'r');
        const [xs, ys] = [file.get(x), file.get('y_train')];
        let bytes = 0;
        for (let s = 0; s < xs.shape[0]; s += batchSize) {
          const e = Math.min(xs.shape[0], s + batchSize);
          bytes += xs.slice([[s, e]]).byteLength + ys.slice([[s, e]]).byteLength;
        }
        file.close();
        return bytes;
      }),
    );
  }
}
const ratio = (task, a, b) => {
  const [ra, rb] = [a, b].map((w) => rows.find((r) => r.task === task && r.way === w));
  return ra && rb ? (rb.wall / ra.wall).toFixed(2) : '—';
};
console.log('\nratio = their time / guarded time (above 1: guarded is faster)');
for (const task of new Set(rows.map((r) => r.task)))
  console.log(
    `${task}: vs probe:false ${ratio(task, 'guarded', 'probe: false')}, vs peer ${ratio(task, 'guarded', rows.find((r) => r.task === task && r.way.startsWith('peer')).way)}${before ? `, vs before ${ratio(task, 'guarded', 'before')}` : ''}`,
  );
