import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { expectRelClose } from '../../test/closeTo.js';
import { cosineAnnealing } from './cosineAnnealing.js';
import { cosineWarmRestarts } from './cosineWarmRestarts.js';
import { cyclic } from './cyclic.js';
import { exponentialDecay } from './exponentialDecay.js';
import { lambdaSchedule } from './lambdaSchedule.js';
import { multiStep } from './multiStep.js';
import { oneCycle } from './oneCycle.js';
import { polynomialDecay } from './polynomialDecay.js';
import { reduceOnPlateau } from './reduceOnPlateau.js';
import type { LrScheduler } from './scheduler.js';
import { sequentialSchedule } from './sequentialSchedule.js';
import { stepDecay } from './stepDecay.js';
import { constantWarmup, linearWarmup } from './warmup.js';

// biome-ignore lint/suspicious/noExplicitAny: fixture options are untyped JSON
type Options = any;
const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/torch-schedulers.json', import.meta.url), 'utf8'),
) as {
  baseLr: number;
  plateauMetrics: number[];
  cases: Record<string, { options: Options; lrs: number[] }>;
};
const lr = fixture.baseLr;

const MAKERS: Record<string, (o: Options) => LrScheduler> = {
  step: (o) => stepDecay({ lr, ...o }),
  'multi-step': (o) => multiStep({ lr, ...o }),
  exponential: (o) => exponentialDecay({ lr, ...o }),
  cosine: (o) => cosineAnnealing({ lr, ...o }),
  'cosine-warm-restarts': (o) => cosineWarmRestarts({ lr, ...o }),
  'cyclic-triangular': (o) => cyclic(o),
  'cyclic-triangular2': (o) => cyclic(o),
  'cyclic-exp-range': (o) => cyclic(o),
  'one-cycle': (o) => oneCycle(o),
  'one-cycle-linear-three-phase': (o) => oneCycle(o),
  'reduce-on-plateau': (o) => reduceOnPlateau({ lr, ...o }),
  'reduce-on-plateau-max-abs': (o) => reduceOnPlateau({ lr, ...o }),
  'linear-warmup': (o) => linearWarmup({ lr, ...o }),
  'constant-warmup': (o) => constantWarmup({ lr, ...o }),
  polynomial: (o) => polynomialDecay({ lr, ...o }),
  // The same function as lambda_rule in the fixture script.
  lambda: () => lambdaSchedule({ lr, factor: (t) => 0.95 ** t * (1 + 0.5 * (t % 3)) }),
  'warmup-then-cosine': (o) =>
    sequentialSchedule({
      schedulers: [
        linearWarmup({ lr, startFactor: 0.2, totalIters: 5 }),
        cosineAnnealing({ lr, tMax: 30 }),
      ],
      milestones: o.milestones,
    }),
};

function run(name: string, scheduler: LrScheduler, steps: number): number[] {
  const lrs = [scheduler.lr];
  for (let t = 0; t < steps; t++) {
    const metric = fixture.plateauMetrics[t]!;
    lrs.push(scheduler.step(name.endsWith('-max-abs') ? -metric : metric));
  }
  return lrs;
}

describe('learning-rate schedulers against PyTorch 1.13', () => {
  for (const [name, testCase] of Object.entries(fixture.cases)) {
    it(`should give torch's ${name} sequence to 1e-12`, () => {
      const make = MAKERS[name];
      expect(make, `no maker for fixture case ${name}`).toBeDefined();
      expectRelClose(run(name, make!(testCase.options), testCase.lrs.length - 1), testCase.lrs);
    });

    it(`should continue ${name} exactly after a state round trip`, () => {
      const first = MAKERS[name]!(testCase.options);
      const head = run(name, first, 17);
      const second = MAKERS[name]!(testCase.options);
      second.setState(JSON.parse(JSON.stringify(first.getState())));
      const tail: number[] = [];
      for (let t = 17; t < testCase.lrs.length - 1; t++) {
        const metric = fixture.plateauMetrics[t]!;
        tail.push(second.step(name.endsWith('-max-abs') ? -metric : metric));
      }
      expect([...head, ...tail]).toEqual(
        run(name, MAKERS[name]!(testCase.options), testCase.lrs.length - 1),
      );
    });
  }

  it('should refuse bad options and foreign states', async () => {
    await expectQStoreError(() => stepDecay({ lr: 0.1, stepSize: 0 }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => multiStep({ lr: 0.1, milestones: [5, 3] }), 'INVALID_ARGUMENT');
    await expectQStoreError(
      () =>
        sequentialSchedule({ schedulers: [stepDecay({ lr: 0.1, stepSize: 2 })], milestones: [3] }),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(
      () =>
        cosineAnnealing({ lr: 0.1, tMax: 5 }).setState(
          stepDecay({ lr: 0.1, stepSize: 2 }).getState(),
        ),
      'CHECKPOINT_MISMATCH',
    );
    await expectQStoreError(() => reduceOnPlateau({ lr: 0.1 }).step(), 'INVALID_ARGUMENT');
    const cycle = oneCycle({ maxLr: 1, totalSteps: 3 });
    for (let t = 0; t < 3; t++) cycle.step();
    await expectQStoreError(() => cycle.step(), 'INVALID_STATE');
  });
});
