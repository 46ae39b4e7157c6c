import { parseWithSchema } from '@qstore/core';
import { z } from 'zod';
import type { Optimizer, OptimizerState } from '../optimizers/optimizer.js';
import { checkNumber, checkpointMismatch, SCOPE } from './errors.js';

/** What an update rule sees at each step. */
export interface UpdateContext {
  readonly params: Float64Array;
  readonly grads: Float64Array;
  /** The 1-based step number. */
  readonly step: number;
  readonly lr: number;
  /** A named buffer of `params.length` values, zero (or `initial`) on the first step. */
  buffer(name: string): Float64Array;
}

const stateSchema = z.object({
  name: z.string(),
  lr: z.number(),
  step: z.number().int().nonnegative(),
  buffers: z.record(z.string(), z.array(z.number())),
});

/** Options of {@link gradientOptimizer}. */
export interface GradientOptimizerOptions {
  name: string;
  lr: number;
  config: Record<string, unknown>;
  /** Buffer names and their initial value. */
  buffers: Readonly<Record<string, number>>;
  update(context: UpdateContext): void;
}

/** An {@link Optimizer} from an element-wise update rule, with state handling done once. */
export function gradientOptimizer(options: GradientOptimizerOptions): Optimizer {
  const { name, update } = options;
  checkNumber(`${name} lr`, options.lr, { min: 0 });
  let buffers = new Map<string, Float64Array>();
  let step = 0;
  const buffer = (size: number) => (key: string) => {
    let b = buffers.get(key);
    if (b === undefined || b.length !== size) {
      b = new Float64Array(size).fill(options.buffers[key] ?? 0);
      buffers.set(key, b);
    }
    return b;
  };
  const optimizer: Optimizer = {
    name,
    lr: options.lr,
    needsGradients: true,
    step(params, grads) {
      step += 1;
      update({ params, grads, step, lr: optimizer.lr, buffer: buffer(params.length) });
    },
    getState: (): OptimizerState => ({
      name,
      lr: optimizer.lr,
      step,
      buffers: Object.fromEntries([...buffers].map(([key, b]) => [key, Array.from(b)])),
    }),
    setState(raw) {
      const state = parseWithSchema(stateSchema, raw, { scope: SCOPE, what: `${name} state` });
      if (state.name !== name) {
        throw checkpointMismatch(`optimizer state is for ${state.name}, not ${name}`);
      }
      buffers = new Map(Object.entries(state.buffers).map(([k, v]) => [k, Float64Array.from(v)]));
      step = state.step;
      optimizer.lr = state.lr;
    },
    config: () => ({ name, lr: options.lr, ...options.config }),
  };
  return optimizer;
}

/** `grads[i] + weightDecay · params[i]`: L2 weight decay added to the gradient (PyTorch style). */
export function decayed(grads: Float64Array, params: Float64Array, weightDecay: number, i: number) {
  return weightDecay === 0 ? grads[i]! : grads[i]! + weightDecay * params[i]!;
}
