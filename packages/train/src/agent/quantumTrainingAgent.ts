import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type Callback,
  createRng,
  type DataSplit,
  isQStoreError,
  type Seed,
  StateError,
} from '@qstore/core';
import { EarlyStopping } from '../callbacks/earlyStopping.js';
import { ModelCheckpoint } from '../callbacks/modelCheckpoint.js';
import { writeFileAtomic } from '../internal/atomicWrite.js';
import { checkNumber, SCOPE } from '../internal/errors.js';
import { resolveMode } from '../internal/monitor.js';
import { QuantumTrainer, type QuantumTrainerOptions } from '../quantumTrainer.js';
import { randomSearch, type SearchFunction, type TrialResult } from './agentSearch.js';
import type { SearchSpace, TrialConfig } from './searchSpace.js';

/** Builds the model, loss, optimizer and scheduler of one configuration. */
export type ModelFamily = (config: TrialConfig) => QuantumTrainerOptions & { batchSize?: number };

/** The stages the guided mode asks about. */
export type AgentStage = 'trial' | 'keep-best';

/** What the agent proposes at a stage. */
export interface AgentProposal {
  readonly trial: number;
  readonly config: TrialConfig;
  /** At `keep-best`: the best trial's score. */
  readonly score?: number;
}

/** Options of {@link QuantumTrainingAgent}. */
export interface QuantumTrainingAgentOptions {
  family: ModelFamily;
  space: SearchSpace;
  /** The folder for trial checkpoints, the kept best checkpoint (`best/`) and `summary.json`. */
  dir: string;
  /** Trials to run and epochs per trial. */
  budget: { trials: number; epochs: number };
  /** @default randomSearch */
  search?: SearchFunction;
  /** @default 'val_loss' */
  monitor?: string;
  /** Early-stopping patience per trial. @default 3 */
  patience?: number;
  /** Seed of the search and of every trial's training. @default 0 */
  seed?: Seed;
  /** Guided mode: asked before each stage; `false` skips it. */
  confirm?: (stage: AgentStage, proposal: AgentProposal) => boolean | Promise<boolean>;
  /** Extra callbacks for every trial (a progress bar, a tracker). */
  callbacks?: readonly Callback[];
}

/** What a run of the agent found; also written to `summary.json`. */
export interface AgentSummary {
  readonly monitor: string;
  readonly mode: 'min' | 'max';
  readonly trials: readonly TrialResult[];
  readonly best?: TrialResult;
  /** Where the best checkpoint was kept, if it was. */
  readonly bestDir?: string;
}

/**
 * Proposes configurations through a pluggable search function, trains each within the budget
 * with early stopping and best-only checkpoints, keeps the best checkpoint and writes a summary.
 * With `confirm`, it asks before each trial and before keeping the best (guided mode).
 */
export class QuantumTrainingAgent {
  readonly #options: QuantumTrainingAgentOptions;

  constructor(options: QuantumTrainingAgentOptions) {
    checkNumber('agent budget trials', options.budget.trials, { min: 1, integer: true });
    checkNumber('agent budget epochs', options.budget.epochs, { min: 1, integer: true });
    this.#options = options;
  }

  /** Runs the search on `train`, scoring each trial on `validation`. */
  async run(data: {
    train: DataSplit;
    validation: DataSplit;
    signal?: AbortSignal;
  }): Promise<AgentSummary> {
    const { space, dir, budget, confirm, seed = 0, search = randomSearch } = this.#options;
    const monitor = this.#options.monitor ?? 'val_loss';
    const mode = resolveMode(monitor, 'auto');
    const rng = createRng(seed);
    const trials: TrialResult[] = [];
    await mkdir(dir, { recursive: true });
    for (let trial = 0; trial < budget.trials; trial++) {
      if (data.signal?.aborted)
        throw new StateError('ABORTED', `agent aborted before trial ${trial}`, { scope: SCOPE });
      const config = await search({ trial, space, history: trials, mode, rng });
      if (config === undefined) break;
      if (confirm && !(await confirm('trial', { trial, config }))) {
        trials.push({ trial, config, status: 'skipped', score: Number.NaN, epochs: 0 });
        continue;
      }
      trials.push(await this.#trial({ trial, config, monitor, data }));
    }
    const completed = trials.filter((t) => t.status === 'completed' && Number.isFinite(t.score));
    const best = completed.reduce<TrialResult | undefined>(
      (a, b) =>
        a === undefined || (mode === 'min' ? b.score < a.score : b.score > a.score) ? b : a,
      undefined,
    );
    let bestDir: string | undefined;
    if (
      best?.checkpoint &&
      (!confirm ||
        (await confirm('keep-best', { trial: best.trial, config: best.config, score: best.score })))
    ) {
      bestDir = join(dir, 'best');
      const temp = join(dir, `.tmp-best-${process.pid}`);
      await rm(temp, { recursive: true, force: true });
      await cp(best.checkpoint, temp, { recursive: true });
      await rm(bestDir, { recursive: true, force: true });
      await rename(temp, bestDir);
    }
    const summary: AgentSummary = {
      monitor,
      mode,
      trials,
      ...(best ? { best } : {}),
      ...(bestDir ? { bestDir } : {}),
    };
    await writeFileAtomic(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    return summary;
  }

  async #trial(args: {
    trial: number;
    config: TrialConfig;
    monitor: string;
    data: { train: DataSplit; validation: DataSplit; signal?: AbortSignal };
  }): Promise<TrialResult> {
    const { trial, config, monitor, data } = args;
    const { family, dir, budget, patience = 3, seed = 0, callbacks = [] } = this.#options;
    const checkpoints = join(dir, `trial-${String(trial).padStart(3, '0')}`);
    try {
      const { batchSize, ...setup } = family(config);
      const early = new EarlyStopping({ monitor, patience, restoreBestWeights: true });
      const saver = new ModelCheckpoint({
        dir: checkpoints,
        monitor,
        saveBestOnly: true,
        keepLast: 1,
      });
      const history = await new QuantumTrainer(setup).fit(data.train, {
        epochs: budget.epochs,
        validation: data.validation,
        seed,
        ...(batchSize ? { batchSize } : {}),
        ...(data.signal ? { signal: data.signal } : {}),
        callbacks: [...callbacks, early, saver],
      });
      const last = saver.saved.at(-1);
      return {
        trial,
        config,
        status: 'completed',
        score: early.best,
        epochs: history.epochs.length,
        ...(history.stopReason ? { stopReason: history.stopReason } : {}),
        ...(last ? { checkpoint: join(checkpoints, last) } : {}),
      };
    } catch (error) {
      if (isQStoreError(error, 'ABORTED')) throw error;
      return {
        trial,
        config,
        status: 'failed',
        score: Number.NaN,
        epochs: 0,
        error: String(error),
      };
    }
  }
}
