import { closedForm } from '../internal/closedForm.js';
import { checkNumber, invalidArgument } from '../internal/errors.js';
import type { ClosedFormScheduler } from './scheduler.js';

/** Options of {@link sequentialSchedule}. */
export interface SequentialScheduleOptions {
  /** The schedules, in order. */
  schedulers: readonly ClosedFormScheduler[];
  /** The steps at which the next schedule takes over (one fewer than `schedulers`). */
  milestones: readonly number[];
}

/**
 * Chains schedules: the i-th runs from `milestones[i-1]`, restarted at its own step 0, e.g. a
 * linear warm-up then cosine annealing (PyTorch's `SequentialLR`).
 */
export function sequentialSchedule(options: SequentialScheduleOptions): ClosedFormScheduler {
  const { schedulers, milestones } = options;
  if (schedulers.length === 0 || milestones.length !== schedulers.length - 1) {
    throw invalidArgument(
      `sequentialSchedule needs one milestone fewer than schedulers, got ${schedulers.length} schedulers and ${milestones.length} milestones`,
    );
  }
  milestones.forEach((m, i) => {
    checkNumber('sequentialSchedule milestone', m, { min: 1, integer: true });
    if (i > 0 && m <= milestones[i - 1]!) {
      throw invalidArgument('sequentialSchedule milestones must increase');
    }
  });
  const name = `sequential(${schedulers.map((s) => s.name).join(',')})`;
  return closedForm(name, (t) => {
    let index = 0;
    while (index < milestones.length && t >= milestones[index]!) index++;
    const start = index === 0 ? 0 : milestones[index - 1]!;
    return schedulers[index]!.lrAt(t - start);
  });
}
