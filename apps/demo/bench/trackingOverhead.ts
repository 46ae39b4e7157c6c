// What tracking adds to a training epoch of the demo: the time spent inside trackingCallback's
// hooks (awaited by the trainer, so it is time the epoch waits) over the training time without it.
// Measuring the hooks directly keeps the result readable on a loaded machine, where comparing two
// whole runs would drown a 1% difference in noise.
// Run: pnpm --filter @qstore/demo bench
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Callback } from '@qstore/core';
import { createTracker, trackingCallback } from '@qstore/track';
import { loadDemoData } from '../src/loadDemoData.js';
import { prepareFeatures } from '../src/prepareFeatures.js';
import { trainDemoModel } from '../src/trainDemoModel.js';

const HOOKS = [
  'onTrainBegin',
  'onEpochBegin',
  'onEpochEnd',
  'onBatchBegin',
  'onBatchEnd',
  'onTrainEnd',
] as const;

/** The callback with every hook timed; `spent()` is the milliseconds spent inside them. */
function timed(callback: Callback): { callback: Callback; spent: () => number } {
  let spent = 0;
  const wrapped: Record<string, unknown> = { name: `timed ${callback.name ?? ''}` };
  for (const hook of HOOKS) {
    const original = callback[hook] as ((...args: unknown[]) => unknown) | undefined;
    if (original === undefined) continue;
    wrapped[hook] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await original.apply(callback, args);
      } finally {
        spent += performance.now() - start;
      }
    };
  }
  return { callback: wrapped as Callback, spent: () => spent };
}

const settings = { qubits: 8, layers: 3, epochs: 3, batchSize: 32, lr: 0.03, seed: 42, workers: 1 };
const { dataset, origin } = await loadDemoData('auto', { seed: settings.seed });
const prepared = prepareFeatures(dataset, {
  features: settings.qubits,
  trainSamples: 6000,
  testSamples: 1000,
  seed: settings.seed,
});
console.log(
  `data: ${origin}; 6000 training rows, ${settings.qubits} qubits × ${settings.layers} layers, ${settings.epochs} epochs, batch 32`,
);
console.log(
  '| logging | fit time (s) | time inside tracking hooks (ms) | per epoch (ms) | overhead |',
);
console.log('|---|---:|---:|---:|---:|');
for (const [label, logEveryBatches] of [
  ['per epoch (demo default)', 0],
  ['per epoch + every batch', 1],
] as const) {
  const root = await mkdtemp(join(tmpdir(), 'qstore-overhead-'));
  const tracker = createTracker([root]);
  const tracking = timed(
    trackingCallback(tracker, { experimentName: 'overhead', logEveryBatches }),
  );
  const start = performance.now();
  await trainDemoModel(prepared.train, prepared.test, {
    ...settings,
    numClasses: 10,
    callbacks: [tracking.callback],
  });
  const fit = performance.now() - start;
  await tracker.dispose?.();
  await rm(root, { recursive: true, force: true });
  const spent = tracking.spent();
  const overhead = spent / (fit - spent);
  console.log(
    `| ${label} | ${(fit / 1000).toFixed(1)} | ${spent.toFixed(1)} | ${(spent / settings.epochs).toFixed(2)} | ${(overhead * 100).toFixed(3)}% ${overhead < 0.01 ? '(< 1%)' : '(≥ 1%)'} |`,
  );
}
