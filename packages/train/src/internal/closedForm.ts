import type { ClosedFormScheduler, SchedulerState } from '../schedulers/scheduler.js';
import { checkNumber, checkpointMismatch } from './errors.js';

/** A {@link ClosedFormScheduler} from `lrAt`, with its step count as its whole state. */
export function closedForm(name: string, lrAt: (t: number) => number): ClosedFormScheduler {
  let t = 0;
  let lr = lrAt(0);
  return {
    name,
    get lr() {
      return lr;
    },
    lrAt,
    step() {
      t += 1;
      lr = lrAt(t);
      return lr;
    },
    getState: (): SchedulerState => ({ name, t }),
    setState(raw) {
      const state = raw as Partial<SchedulerState> | null;
      if (state?.name !== name) {
        throw checkpointMismatch(`scheduler state is for ${String(state?.name)}, not ${name}`);
      }
      t = checkNumber(`${name} state t`, state.t as number, { min: 0, integer: true });
      lr = lrAt(t);
    },
  };
}

/** Checks a base learning rate option. */
export function baseLr(name: string, lr: number): number {
  return checkNumber(`${name} lr`, lr, { min: 0 });
}
