// run.mjs's hdf5 section: Fashion-MNIST's 60,000 training images (47 MB uint8) as h5py wrote them,
// contiguous and gzip-chunked (level 4, 60 chunks), read whole with int64 labels. Ours: readHdf5,
// guarded (h5wasm in its worker thread, the default) and `probe: false` (h5wasm on this thread);
// the peer: h5wasm used naively (`dataset.value`). Spec §6.2.5.
import { readHdf5 } from '../dist/hdf5.js';
import { input, medianTimes, report } from './harness.mjs';
import { reportPeakRss } from './peakRss.mjs';

const cpu = (t) => `CPU ${t.cpuMs.toFixed(0)} ms`;

/** Wall time (ms) of one call of `fn`. */
async function once(fn) {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export async function benchHdf5() {
  const path = input('fmnist_train.h5');
  const splits = (x) => ({ train: { x, y: 'y_train' } });

  // one-off costs, before anything else in this process loads h5wasm: the guarded worker's start
  // (a thread that loads h5wasm) and h5wasm's load on this thread (probe: false and the peer)
  const labelsOnly = { splits: { train: { x: 'y_train' } } };
  const first = await once(() => readHdf5(path, labelsOnly));
  const again = await once(() => readHdf5(path, labelsOnly));
  const loadHere = await once(async () => (await import('h5wasm/node')).default.ready);
  console.log(
    `| HDF5 one-off: first guarded call (starts the worker thread, which loads h5wasm) + open + 0.5 MB labels | ${first.toFixed(1)} ms (the same call again: ${again.toFixed(1)} ms) | loading h5wasm on this thread (probe: false and the peer pay it once): ${loadHere.toFixed(1)} ms | — |`,
  );
  const h5wasm = (await import('h5wasm/node')).default;

  for (const [x, label, target] of [
    ['x_train', 'contiguous', 200],
    ['x_gzip', 'gzip level 4, 60 chunks', 800],
  ]) {
    const guarded = await medianTimes(() => readHdf5(path, { splits: splits(x) }), 5);
    const unguarded = await medianTimes(
      () => readHdf5(path, { splits: splits(x), probe: false }),
      5,
    );
    const peer = await medianTimes(() => {
      const file = new h5wasm.File(path, 'r');
      const bytes = file.get(x).value.byteLength + file.get('y_train').value.byteLength;
      file.close();
      return bytes;
    }, 5);
    const peerLine = { name: `h5wasm \`dataset.value\`, naive (${cpu(peer)})`, ms: peer.ms };
    report(
      `HDF5 ${label} 47 MB + labels → tensors, readHdf5 guarded (${cpu(guarded)})`,
      guarded.ms,
      peerLine,
      `≤ ${target} ms`,
      guarded.ms <= target,
    );
    report(
      `HDF5 ${label}, readHdf5 \`probe: false\` (${cpu(unguarded)})`,
      unguarded.ms,
      peerLine,
      `≤ ${target} ms`,
      unguarded.ms <= target,
    );
  }
  await reportPeakRss('hdf5-contiguous', 'HDF5 contiguous, guarded');
  await reportPeakRss('hdf5-gzip', 'HDF5 gzip, guarded');
  await reportPeakRss('hdf5-contiguous-probe-false', 'HDF5 contiguous, `probe: false`');
  await reportPeakRss('hdf5-gzip-probe-false', 'HDF5 gzip, `probe: false`');
  await reportPeakRss('hdf5-contiguous-h5wasm', 'HDF5 contiguous, peer h5wasm `dataset.value`');
  await reportPeakRss('hdf5-gzip-h5wasm', 'HDF5 gzip, peer h5wasm `dataset.value`');
}
