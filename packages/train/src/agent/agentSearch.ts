import type { Rng } from '@qstore/core';
import { type SearchSpace, sampleConfig, type TrialConfig } from './searchSpace.js';

/** What a trial ended with. */
export interface TrialResult {
  readonly trial: number;
  readonly config: TrialConfig;
  readonly status: 'completed' | 'skipped' | 'failed';
  /** The best monitored value reached (NaN when skipped or failed). */
  readonly score: number;
  /** Epochs trained. */
  readonly epochs: number;
  readonly stopReason?: string;
  /** The folder of the trial's best checkpoint, when it saved one. */
  readonly checkpoint?: string;
  readonly error?: string;
}

/** What a search function sees when asked for the next configuration. */
export interface SearchContext {
  /** The index of the trial to propose. */
  readonly trial: number;
  readonly space: SearchSpace;
  /** The trials so far, oldest first. */
  readonly history: readonly TrialResult[];
  /** Whether a lower score is better. */
  readonly mode: 'min' | 'max';
  /** The agent's seeded random source. */
  readonly rng: Rng;
}

/**
 * Proposes the next configuration, or `undefined` when the search is exhausted. Pluggable, so a
 * tuner (`@qstore/tune`'s samplers) can drive the agent.
 */
export type SearchFunction = (
  context: SearchContext,
) => TrialConfig | undefined | Promise<TrialConfig | undefined>;

/** The default search: independent random configurations from the space. */
export const randomSearch: SearchFunction = ({ space, rng }) => sampleConfig(space, rng);
