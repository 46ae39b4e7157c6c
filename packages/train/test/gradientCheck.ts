import { createRng } from '@qstore/core';
import { expect } from 'vitest';
import type { Loss } from '../src/losses/loss.js';
import type { Model } from '../src/sequential.js';

/** Rows of the batch the gradient checks use. */
export const BATCH = 5;

function batchFor(model: Model, seed: number) {
  const rng = createRng(seed);
  return Float64Array.from({ length: BATCH * model.inputSize }, () => rng.uniform(-1.5, 1.5));
}

async function lossOf(model: Model, x: Float64Array, loss: Loss, targets: Float64Array) {
  const out = await model.forward(x, BATCH, { training: true, rng: createRng('mask') });
  return loss.compute(out, targets, { batchSize: BATCH, outputSize: model.outputSize });
}

/** Compares backprop with central finite differences for every parameter and every input. */
export async function checkGradients(model: Model, loss: Loss, targets: Float64Array) {
  const x = batchFor(model, 3);
  model.grads.fill(0);
  const { gradient } = await lossOf(model, x, loss, targets);
  const inputGrad = await model.backward(gradient, BATCH);
  const h = 1e-5;
  const numeric = async (vector: Float64Array, i: number) => {
    const saved = vector[i]!;
    vector[i] = saved + h;
    const plus = (await lossOf(model, x, loss, targets)).loss;
    vector[i] = saved - h;
    const minus = (await lossOf(model, x, loss, targets)).loss;
    vector[i] = saved;
    return (plus - minus) / (2 * h);
  };
  for (let i = 0; i < model.params.length; i++) {
    expect(Math.abs(model.grads[i]! - (await numeric(model.params, i)))).toBeLessThan(1e-6);
  }
  for (let i = 0; i < x.length; i++) {
    expect(Math.abs(inputGrad[i]! - (await numeric(x, i)))).toBeLessThan(1e-6);
  }
}

/** Class targets 0, 1, …, k−1, 0, … for a batch. */
export const classTargets = (k: number) => Float64Array.from({ length: BATCH }, (_, i) => i % k);
