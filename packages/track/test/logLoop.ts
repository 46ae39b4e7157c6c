// A child process for the crash and concurrency tests: logs metrics to a file store until killed
// (or `count` points), printing "started <runId>" once the run exists.
import { fileTracker } from '../src/sinks/fileTracker.js';

const [root = './mlruns', experimentName = 'crash', countText = '0'] = process.argv.slice(2);
const count = Number(countText);
const tracker = fileTracker({ root });
const run = await tracker.startRun({ experimentName, runName: `worker-${process.pid}` });
await run.logParams({ pid: process.pid });
process.stdout.write(`started ${run.info.runId}\n`);
for (let step = 0; count === 0 || step < count; step++) {
  await run.logMetrics({ 'train/loss': 1 / (step + 1), acc: step / 1e6 }, { step });
  if (step % 50 === 0) await run.setTags({ progress: String(step) });
}
await run.end();
await tracker.dispose?.();
