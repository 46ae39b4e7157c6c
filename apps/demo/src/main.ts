#!/usr/bin/env node
import { createTracker } from '@qstore/track';
import { holdOut } from './holdOut.js';
import { logDemoRun } from './logDemoRun.js';
import { twoSpirals } from './spirals.js';
import { summarize } from './summarize.js';
import { trackingTarget } from './trackingTarget.js';

const SEED = 42;
const PER_CLASS = 100;
const TEST_FRACTION = 0.2;
const dataset = holdOut(twoSpirals({ perClass: PER_CLASS, seed: SEED }), TEST_FRACTION, SEED);
const summary = summarize(dataset);
console.log('Q-Store demo: a seeded dataset, split reproducibly\n');
console.log(summary);

// The data run is tracked now; when @qstore/train lands, its fit() gets
// `trackingCallback(tracker)` from @qstore/track so that training metrics, the checkpoint and the
// end status go to the same run (wiring comes with the train issue).
const target = trackingTarget(process.argv.slice(2), process.env);
if (target.uris.length > 0) {
  const tracker = createTracker(target.uris);
  const info = await logDemoRun(tracker, dataset, {
    seed: SEED,
    perClass: PER_CLASS,
    testFraction: TEST_FRACTION,
    summary,
  });
  await tracker.dispose?.();
  console.log(
    `\nTracked run ${info.runId} (experiment qstore-demo, id ${info.experimentId}) in ${target.uris.join(' and ')}`,
  );
  for (const line of target.howToOpen(info.runId, info.experimentId)) console.log(line);
}
