import type { Rng } from '@qstore/core';
import { invalidArgument } from '../internal/errors.js';

/** One hyperparameter's range: a float (optionally log-uniform), an integer, or a choice. */
export type ParamRange =
  | { readonly type: 'float'; readonly low: number; readonly high: number; readonly log?: boolean }
  | { readonly type: 'int'; readonly low: number; readonly high: number }
  | { readonly type: 'choice'; readonly values: readonly (string | number | boolean)[] };

/** The hyperparameters an agent searches, by name. */
export type SearchSpace = Readonly<Record<string, ParamRange>>;

/** A configuration: one value per hyperparameter. */
export type TrialConfig = Readonly<Record<string, string | number | boolean>>;

/** A random configuration from `space`, drawn from `rng`. */
export function sampleConfig(space: SearchSpace, rng: Rng): TrialConfig {
  const config: Record<string, string | number | boolean> = {};
  for (const [name, range] of Object.entries(space)) {
    if (range.type === 'choice') {
      if (range.values.length === 0) throw invalidArgument(`search space "${name}" has no values`);
      config[name] = rng.choice(range.values);
    } else if (
      !(range.low <= range.high) ||
      (range.type === 'float' && range.log && range.low <= 0)
    ) {
      throw invalidArgument(
        `search space "${name}" needs low <= high (and low > 0 on a log scale)`,
        { range },
      );
    } else if (range.type === 'int') {
      config[name] = rng.int(Math.ceil(range.low), Math.floor(range.high) + 1);
    } else {
      config[name] = range.log
        ? Math.exp(rng.uniform(Math.log(range.low), Math.log(range.high)))
        : rng.uniform(range.low, range.high);
    }
  }
  return config;
}
