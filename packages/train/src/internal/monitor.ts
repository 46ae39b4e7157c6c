import type { Logs } from '@qstore/core';
import { invalidArgument } from './errors.js';

/** Whether a monitored value should go down or up; `auto` reads it from the name. */
export type MonitorMode = 'min' | 'max' | 'auto';

/** `max` for accuracy-like names, else `min` (Keras' `auto`). */
export function resolveMode(monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode !== 'auto') return mode;
  return /acc|precision|recall|f1|auc/.test(monitor) ? 'max' : 'min';
}

/** Whether `current` beats `best` by more than `minDelta` in the given direction. */
export function improves(
  current: number,
  best: number,
  options: { mode: 'min' | 'max'; minDelta: number },
) {
  return options.mode === 'min'
    ? current < best - options.minDelta
    : current > best + options.minDelta;
}

/** The monitored value in `logs`; a missing key is a configuration error. */
export function readMonitor(logs: Logs, monitor: string, who: string): number {
  const value = logs[monitor];
  if (value === undefined) {
    throw invalidArgument(
      `${who} monitors "${monitor}", which the logs do not have (${Object.keys(logs).join(', ')})`,
      {
        monitor,
      },
    );
  }
  return value;
}
