import { createRng, parseWithSchema, type Rng, restoreRng, type Seed } from '@qstore/core';
import { z } from 'zod';
import { checkNumber, checkpointMismatch, invalidArgument, SCOPE } from '../internal/errors.js';
import type { Optimizer, OptimizerState } from './optimizer.js';

/** Options of {@link spsa}. */
export interface SpsaOptions {
  /** The step gain `a` (a scheduler may change it). */
  lr: number;
  /** The perturbation size `c`. @default 0.1 */
  perturbation?: number;
  /** Decay exponent of the step gain. @default 0.602 */
  alpha?: number;
  /** Decay exponent of the perturbation. @default 0.101 */
  gamma?: number;
  /** Stability constant `A` of the step gain. @default 0 */
  stability?: number;
  /** Seed of the ±1 perturbation directions. @default 0 */
  seed?: Seed;
}

const spsaStateSchema = z.object({
  name: z.literal('spsa'),
  lr: z.number(),
  step: z.number().int().nonnegative(),
  rng: z.unknown(),
});

/**
 * Simultaneous perturbation stochastic approximation (Spall): two loss evaluations per step at
 * `θ ± c_k·Δ` with a seeded Rademacher direction `Δ` estimate the whole gradient, whatever the
 * number of parameters, with gains `a_k = lr / (k + 1 + A)^alpha` and `c_k = c / (k + 1)^gamma`.
 * Gradient-free: it needs the trainer's loss probe, and writes its estimate into `grads`.
 */
export function spsa(options: SpsaOptions): Optimizer {
  checkNumber('spsa lr', options.lr, { min: 0 });
  const c = checkNumber('spsa perturbation', options.perturbation ?? 0.1, {
    min: 0,
    exclusiveMin: true,
  });
  const alpha = checkNumber('spsa alpha', options.alpha ?? 0.602, { min: 0 });
  const gamma = checkNumber('spsa gamma', options.gamma ?? 0.101, { min: 0 });
  const stability = checkNumber('spsa stability', options.stability ?? 0, { min: 0 });
  const seed = options.seed ?? 0;
  let rng: Rng = createRng(seed);
  let step = 0;
  const optimizer: Optimizer = {
    name: 'spsa',
    lr: options.lr,
    needsGradients: false,
    async step(params, grads, lossAt) {
      if (lossAt === undefined) throw invalidArgument('spsa needs a loss probe to step');
      const k = step;
      step += 1;
      const ak = optimizer.lr / (k + 1 + stability) ** alpha;
      const ck = c / (k + 1) ** gamma;
      const origin = Float64Array.from(params);
      const delta = new Float64Array(params.length);
      for (let i = 0; i < delta.length; i++) delta[i] = rng.next() < 0.5 ? -1 : 1;
      for (let i = 0; i < params.length; i++) params[i] = origin[i]! + ck * delta[i]!;
      const plus = await lossAt();
      for (let i = 0; i < params.length; i++) params[i] = origin[i]! - ck * delta[i]!;
      const minus = await lossAt();
      for (let i = 0; i < params.length; i++) {
        grads[i] = (plus - minus) / (2 * ck * delta[i]!);
        params[i] = origin[i]! - ak * grads[i]!;
      }
    },
    getState: (): OptimizerState => ({
      name: 'spsa',
      lr: optimizer.lr,
      step,
      buffers: {},
      rng: rng.getState(),
    }),
    setState(raw) {
      if ((raw as { name?: unknown } | null)?.name !== 'spsa') {
        throw checkpointMismatch('optimizer state is not an spsa state');
      }
      const state = parseWithSchema(spsaStateSchema, raw, { scope: SCOPE, what: 'spsa state' });
      rng = restoreRng(state.rng);
      step = state.step;
      optimizer.lr = state.lr;
    },
    config: () => ({
      name: 'spsa',
      lr: options.lr,
      perturbation: c,
      alpha,
      gamma,
      stability,
      seed,
    }),
  };
  return optimizer;
}
