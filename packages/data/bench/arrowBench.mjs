// run.mjs's arrow section. Writes two tables into the bench folder, each as an Arrow IPC file and
// stream: Fashion-MNIST's training split as `saveDataset` writes it (x uint8 60000 × 28 × 28,
// y uint8; 47 MB), and the Hugging Face layout (an `image` struct of PNG bytes + int64 `label`;
// 31 MB), the spec's input. Ours: `datasetFromIpc` (checks the layout, builds the table, returns
// tensors) and the `local` source through loadDataset; the peer: apache-arrow's `tableFromIPC`
// alone. Spec §6.2.6 (≤ 10 ms from the bytes to a table).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Binary,
  Field,
  Int64,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { datasetFromIpc, loadDataset, parseIdx, saveDataset, toArrow } from '../dist/index.js';
import { BENCH_DIR, medianTimes, readPngs, report } from './harness.mjs';
import { reportPeakRss } from './peakRss.mjs';

const FMNIST = '/usr/share/datasets/fashion-mnist';

/** The HF-layout table of the 60,000 training PNGs and labels, with its `huggingface` metadata. */
function hfTable(labels) {
  const image = vectorFromArray(
    readPngs().map((bytes) => ({ bytes, path: null })),
    new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]),
  );
  const table = new Table({ image, label: vectorFromArray(labels, new Int64()) });
  const features = {
    image: { _type: 'Image' },
    label: { _type: 'ClassLabel', names: [...'0123456789'] },
  };
  const metadata = new Map([['huggingface', JSON.stringify({ info: { features } })]]);
  return new Table(new Schema(table.schema.fields, metadata), table.batches);
}

export async function benchArrow() {
  const read = (f) => parseIdx(readFileSync(join(FMNIST, f)), f);
  const x = read('train-images-idx3-ubyte.gz');
  const y = read('train-labels-idx1-ubyte.gz');
  const dataset = { train: { x, y }, metadata: { name: 'fashion_mnist', source: 'local' } };
  const paths = { file: join(BENCH_DIR, 'fmnist.arrow'), stream: join(BENCH_DIR, 'fmnist.arrows') };
  await saveDataset(dataset, paths.file);
  writeFileSync(paths.stream, tableToIPC(toArrow(dataset), 'stream'));
  const hf = hfTable(BigInt64Array.from(y.data, (v) => BigInt(v)));
  const hfPaths = {
    file: join(BENCH_DIR, 'hf_fmnist.arrow'),
    stream: join(BENCH_DIR, 'hf_fmnist.arrows'),
  };
  for (const kind of ['file', 'stream']) writeFileSync(hfPaths[kind], tableToIPC(hf, kind));

  for (const kind of ['file', 'stream']) {
    const bytes = readFileSync(paths[kind]);
    const mb = (bytes.length / 1e6).toFixed(0);
    const ours = await medianTimes(() => datasetFromIpc(bytes, 'f'), 9);
    const peer = await medianTimes(() => tableFromIPC(bytes), 9);
    report(
      `Arrow IPC ${kind} ${mb} MB (saved Fashion-MNIST train) bytes → Dataset tensors, datasetFromIpc (CPU ${ours.cpuMs.toFixed(1)} ms)`,
      ours.ms,
      { name: 'apache-arrow tableFromIPC → table', ms: peer.ms },
      '≤ 10 ms',
      ours.ms <= 10,
    );
    const load = await medianTimes(
      () => loadDataset({ source: 'local', name: 'f', sourceParams: { path: paths[kind] } }),
      9,
    );
    const peerLoad = await medianTimes(() => tableFromIPC(readFileSync(paths[kind])), 9);
    report(`Arrow IPC ${kind} ${mb} MB, loadDataset \`local\` (file read included)`, load.ms, {
      name: 'readFileSync + tableFromIPC',
      ms: peerLoad.ms,
    });
    const hfBytes = readFileSync(hfPaths[kind]);
    const hfTime = await medianTimes(() => tableFromIPC(hfBytes), 9);
    report(
      `Arrow IPC ${kind} ${(hfBytes.length / 1e6).toFixed(1)} MB, HF layout (PNG structs; our reader takes tensor columns, so apache-arrow alone, the spec's task)`,
      hfTime.ms,
      undefined,
      '≤ 10 ms',
      hfTime.ms <= 10,
    );
  }
  await reportPeakRss('arrow-file', 'Arrow IPC file, loadDataset');
  await reportPeakRss('arrow-stream', 'Arrow IPC stream, loadDataset');
}
