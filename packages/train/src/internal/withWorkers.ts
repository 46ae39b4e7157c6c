import type { Model } from '../sequential.js';

/**
 * Runs `task` with the model's quantum layers on `count` worker threads (when `count` is given
 * and differs from the model's), then puts the model back on its previous count, also when
 * `task` throws or is aborted, so no call leaves threads running behind it. The threads start
 * in the background: the first batches run on the calling thread while they load.
 */
export async function withWorkers<T>(
  model: Model,
  count: number | undefined,
  task: () => Promise<T>,
): Promise<T> {
  if (count === undefined || count === model.workers) return task();
  const previous = model.workers;
  await model.useWorkers(count, { wait: false });
  try {
    return await task();
  } finally {
    await model.useWorkers(previous);
  }
}
