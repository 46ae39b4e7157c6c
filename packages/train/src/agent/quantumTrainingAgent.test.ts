import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { data } from '../../test/trainers.js';
import { readCheckpoint } from '../checkpointIo.js';
import { relu } from '../layers/activation.js';
import { dense } from '../layers/dense.js';
import { crossEntropy } from '../losses/crossEntropy.js';
import { adam } from '../optimizers/adam.js';
import { sequential } from '../sequential.js';
import type { SearchFunction } from './agentSearch.js';
import { type AgentStage, type ModelFamily, QuantumTrainingAgent } from './quantumTrainingAgent.js';
import type { SearchSpace, TrialConfig } from './searchSpace.js';

const family: ModelFamily = (config) => ({
  model: sequential([dense({ units: config['hidden'] as number }), relu(), dense({ units: 3 })], {
    inputSize: 4,
    seed: 1,
  }),
  loss: crossEntropy(),
  optimizer: adam({ lr: config['lr'] as number }),
  batchSize: 16,
});
const space: SearchSpace = {
  hidden: { type: 'int', low: 2, high: 12 },
  lr: { type: 'float', low: 1e-4, high: 0.1, log: true },
};

describe('QuantumTrainingAgent', () => {
  const tempDir = useTempDirs();

  it('should run the budget, keep the best checkpoint and write a summary (automated mode)', async () => {
    const dir = await tempDir();
    const agent = new QuantumTrainingAgent({
      family,
      space,
      dir,
      budget: { trials: 4, epochs: 6 },
      seed: 3,
      patience: 2,
    });
    const summary = await agent.run(data);
    expect(summary.trials).toHaveLength(4);
    expect(summary.trials.every((t) => t.status === 'completed')).toBe(true);
    for (const t of summary.trials) {
      expect(Number.isInteger(t.config['hidden'])).toBe(true);
      expect(t.config['lr']).toBeGreaterThanOrEqual(1e-4);
      expect(t.config['lr']).toBeLessThanOrEqual(0.1);
    }
    const bestScore = Math.min(...summary.trials.map((t) => t.score));
    expect(summary.best?.score).toBe(bestScore);
    const kept = await readCheckpoint(join(dir, 'best'));
    expect(kept.architecture.layers[0]).toMatchObject({
      type: 'dense',
      units: summary.best!.config['hidden'],
    });
    expect(JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')).best.trial).toBe(
      summary.best!.trial,
    );
    const again = await new QuantumTrainingAgent({
      family,
      space,
      dir: await tempDir(),
      budget: { trials: 4, epochs: 6 },
      seed: 3,
      patience: 2,
    }).run(data);
    expect(again.trials.map((t) => [t.config, t.score])).toEqual(
      summary.trials.map((t) => [t.config, t.score]),
    );
  });

  it('should take configurations from a pluggable search function that sees the history', async () => {
    const seen: number[] = [];
    const proposals: TrialConfig[] = [
      { hidden: 4, lr: 0.05 },
      { hidden: 8, lr: 0.0001 },
      { hidden: 0, lr: 0.05 },
    ];
    const search: SearchFunction = ({ trial, history }) => {
      seen.push(history.length);
      return proposals[trial];
    };
    const summary = await new QuantumTrainingAgent({
      family,
      space,
      search,
      dir: await tempDir(),
      budget: { trials: 10, epochs: 3 },
    }).run(data);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(summary.trials.map((t) => t.status)).toEqual(['completed', 'completed', 'failed']);
    expect(summary.trials[2]!.error).toMatch(/INVALID_ARGUMENT|units/);
    expect(summary.best?.trial).toBe(0);
  });

  it('should ask before each stage in guided mode and honour a refusal', async () => {
    const dir = await tempDir();
    const asked: [AgentStage, number][] = [];
    const confirm = (stage: AgentStage, proposal: { trial: number }) => {
      asked.push([stage, proposal.trial]);
      return !(stage === 'trial' && proposal.trial === 1) && stage !== 'keep-best';
    };
    const summary = await new QuantumTrainingAgent({
      family,
      space,
      dir,
      confirm,
      budget: { trials: 3, epochs: 2 },
      seed: 1,
    }).run(data);
    expect(asked.map(([stage]) => stage)).toEqual(['trial', 'trial', 'trial', 'keep-best']);
    expect(summary.trials.map((t) => t.status)).toEqual(['completed', 'skipped', 'completed']);
    expect(summary.bestDir).toBeUndefined();
    await expectQStoreError(() => readCheckpoint(join(dir, 'best')), 'NOT_FOUND');
  });

  it('should refuse a bad budget and stop on abort', async () => {
    await expectQStoreError(
      () => new QuantumTrainingAgent({ family, space, dir: 'x', budget: { trials: 0, epochs: 1 } }),
      'INVALID_ARGUMENT',
    );
    const controller = new AbortController();
    controller.abort();
    const agent = new QuantumTrainingAgent({
      family,
      space,
      dir: await tempDir(),
      budget: { trials: 2, epochs: 1 },
    });
    await expectQStoreError(() => agent.run({ ...data, signal: controller.signal }), 'ABORTED');
  });
});
