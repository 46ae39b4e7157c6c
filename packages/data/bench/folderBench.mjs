// run.mjs's folder section: bench/prepare.py's 20,000 Fashion-MNIST training images as PNG files
// in one sub-folder per class. Ours: loadDataset's `local` source (readImageFolder); the peers: a
// naive loop of readFileSync + upng-js or pngjs per file into one uint8 tensor. Spec §6.2.8.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../dist/index.js';
import { input, medianTimes, report } from './harness.mjs';
import { naiveFolder, reportPeakRss } from './peakRss.mjs';

export async function benchFolder() {
  const root = input('fmnist_folder');
  const count = readdirSync(root).reduce((n, c) => n + readdirSync(join(root, c)).length, 0);
  const rate = (t) => `${Math.round(count / (t.ms / 1000))} files/s`;
  const ours = await medianTimes(
    () => loadDataset({ source: 'local', name: 'folder', sourceParams: { path: root } }),
    3,
  );
  const upng = await medianTimes(() => naiveFolder(root, 'upng-js'), 3);
  const pngjs = await medianTimes(() => naiveFolder(root, 'pngjs'), 3);
  const task = `Image folder, ${count} PNGs 28×28 gray in 10 class folders → uint8 tensor (${rate(ours)}; CPU ${ours.cpuMs.toFixed(0)} ms)`;
  const met = count / (ours.ms / 1000) >= 15000;
  report(
    task,
    ours.ms,
    { name: `readFileSync + upng-js, naive (${rate(upng)})`, ms: upng.ms },
    '≥ 15k files/s',
    met,
  );
  report(
    task,
    ours.ms,
    { name: `readFileSync + pngjs, naive (${rate(pngjs)})`, ms: pngjs.ms },
    '≥ 15k files/s',
    met,
  );
  await reportPeakRss('folder', 'image folder, ours');
  await reportPeakRss('folder-naive', 'image folder, peer readFileSync + upng-js');
}
