import type { Callback } from '@qstore/core';

/**
 * A callback whose decisions depend on what it has seen (early-stopping counters, the best value
 * so far). The trainer stores `getState()` in every checkpoint under the callback's `name` and,
 * on resume, hands it back through `setState` right after `onTrainBegin`, so a resumed run makes
 * the same decisions. Put `ModelCheckpoint` last in the list so it saves the others' updated state.
 */
export interface StatefulCallback extends Callback {
  readonly name: string;
  /** The callback's state as JSON. */
  getState(): unknown;
  setState(state: unknown): void;
}

/** Whether a callback carries state to checkpoint. */
export function isStateful(callback: Callback): callback is StatefulCallback {
  const candidate = callback as Partial<StatefulCallback>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.getState === 'function' &&
    typeof candidate.setState === 'function'
  );
}

/** `null` for a value JSON cannot hold (NaN, ±Infinity), else the value. */
export const jsonNumber = (value: number | undefined): number | null =>
  value === undefined || !Number.isFinite(value) ? null : value;
