// The worker side of `scatterMatrix`: computes the free parts of a shared scatter job, then exits.
import { workerData } from 'node:worker_threads';
import { type ScatterJob, workOnParts } from './scatterJob.js';

try {
  workOnParts(workerData as ScatterJob);
} catch {
  // The part is marked FAILED in shared memory; the main thread reports it.
}
