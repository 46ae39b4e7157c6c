import type { Logs, Tensor } from '@qstore/core';
import type { Loss } from '../losses/loss.js';
import { clipGradNorm, clipGradValue } from '../optimizers/clipGradients.js';
import type { Optimizer } from '../optimizers/optimizer.js';
import type { LrScheduler } from '../schedulers/scheduler.js';
import type { Model } from '../sequential.js';
import { addBatch, countCorrect, type EpochTotals, emptyTotals } from './epochTotals.js';
import { assertFiniteBatch, gatherBatch, type PreparedData } from './trainingData.js';
import type { Run } from './trainingRun.js';

/** The parts a training step uses. */
export interface StepParts {
  model: Model;
  loss: Loss;
  optimizer: Optimizer;
  scheduler?: LrScheduler | undefined;
  schedulerInterval?: 'epoch' | 'batch' | undefined;
  clipNorm?: number | undefined;
  clipValue?: number | undefined;
}

/** Trains the run's current batch: forward, loss, backward (or the SPSA probe), clip, step. */
export async function trainBatch(run: Run, order: Uint32Array, parts: StepParts): Promise<Logs> {
  const {
    model,
    loss,
    optimizer,
    scheduler,
    schedulerInterval = 'epoch',
    clipNorm,
    clipValue,
  } = parts;
  const start = run.batch * run.fit.batchSize;
  const batch = gatherBatch(run.data, order, {
    start,
    end: Math.min(start + run.fit.batchSize, run.data.rows),
  });
  assertFiniteBatch(batch.x, `epoch ${run.epoch} batch ${run.batch}`);
  const shape = { batchSize: batch.size, outputSize: model.outputSize };
  model.grads.fill(0);
  const output = await model.forward(batch.x, batch.size, { training: true, rng: run.stepRng });
  const result = loss.compute(output, batch.y, shape);
  if (optimizer.needsGradients) {
    await model.backward(result.gradient, batch.size);
    if (clipValue !== undefined) clipGradValue(model.grads, clipValue);
    if (clipNorm !== undefined) clipGradNorm(model.grads, clipNorm);
    await optimizer.step(model.params, model.grads);
  } else {
    const lossAt = async () =>
      loss.compute(await model.forward(batch.x, batch.size, { training: false }), batch.y, shape)
        .loss;
    await optimizer.step(model.params, model.grads, lossAt);
  }
  const correct = countCorrect(output, batch.y, { task: loss.task, outputSize: model.outputSize });
  addBatch(run.totals, {
    loss: result.loss,
    correct,
    samples: batch.size,
    targets: batch.y.length,
  });
  const logs: Record<string, number> = { loss: result.loss, lr: optimizer.lr };
  if (loss.task !== 'regression') logs['accuracy'] = correct / batch.y.length;
  if (scheduler && schedulerInterval === 'batch') optimizer.lr = scheduler.step(result.loss);
  return logs;
}

/** Loss and correct-count totals of the model on `data` in inference mode. */
export async function evaluateTotals(
  data: PreparedData,
  options: { batchSize: number; model: Model; loss: Loss },
): Promise<EpochTotals> {
  const { model, loss, batchSize } = options;
  const totals = emptyTotals();
  const order = Uint32Array.from({ length: data.rows }, (_, i) => i);
  for (let start = 0; start < data.rows; start += batchSize) {
    const batch = gatherBatch(data, order, { start, end: Math.min(start + batchSize, data.rows) });
    assertFiniteBatch(batch.x, `evaluation rows ${start}–${start + batch.size - 1}`);
    const output = await model.forward(batch.x, batch.size, { training: false });
    const shape = { batchSize: batch.size, outputSize: model.outputSize };
    const correct = countCorrect(output, batch.y, {
      task: loss.task,
      outputSize: model.outputSize,
    });
    addBatch(totals, {
      loss: loss.compute(output, batch.y, shape).loss,
      correct,
      samples: batch.size,
      targets: batch.y.length,
    });
  }
  return totals;
}

/** The model outputs for the rows of `data`, batch by batch, as a `[rows, outputSize]` tensor. */
export async function predictOutputs(
  data: { x: Float64Array; rows: number; xWidth: number },
  options: { batchSize: number; model: Model },
): Promise<Tensor<'float64'>> {
  const { model, batchSize } = options;
  const out = new Float64Array(data.rows * model.outputSize);
  for (let start = 0; start < data.rows; start += batchSize) {
    const end = Math.min(start + batchSize, data.rows);
    const xb = data.x.subarray(start * data.xWidth, end * data.xWidth);
    assertFiniteBatch(xb, `predict rows ${start}–${end - 1}`);
    out.set(await model.forward(xb, end - start, { training: false }), start * model.outputSize);
  }
  return { dtype: 'float64', shape: [data.rows, model.outputSize], data: out };
}
