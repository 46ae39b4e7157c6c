// Checks that bench/torchQuantumEpoch.py computes what @qstore/train computes: the loss and every
// gradient of the reference model on the same weights and rows, to 1e-9.
import { execFileSync } from 'node:child_process';
import { createRng } from '@qstore/core';
import { crossEntropy } from '../src/losses/crossEntropy.js';
import type { Model } from '../src/sequential.js';
import { benchScript } from './epochThroughput.js';

interface TorchGradients {
  loss: number;
  weightGradient: number[];
  kernelGradient: number[];
  biasGradient: number[];
  inputGradient: number[];
}

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

/**
 * Runs `rows` random rows through `model` (quantum layer then dense read-out) and through the
 * torch script's `check` mode with the same weights; returns the largest absolute difference
 * over the loss and all gradients, and throws when it exceeds `tolerance`.
 */
export async function torchAgreement(
  model: Model,
  shape: { qubits: number; layers: number; classes: number; rows: number },
  tolerance = 1e-9,
): Promise<number> {
  const { qubits, layers, classes, rows } = shape;
  const rng = createRng(1);
  const x = Float64Array.from({ length: rows * qubits }, () => rng.normal());
  const y = Float64Array.from({ length: rows }, () => rng.int(0, classes));
  const [quantum, readout] = model.layers;
  model.grads.fill(0);
  const out = await model.forward(x, rows, { training: true });
  const result = crossEntropy().compute(out, y, { batchSize: rows, outputSize: classes });
  const inputGradient = await model.backward(result.gradient, rows);
  const kernelSize = qubits * classes;
  const spec = {
    qubits,
    layers,
    classes,
    weights: Array.from(quantum!.params),
    kernel: Array.from(readout!.params.subarray(0, kernelSize)),
    bias: Array.from(readout!.params.subarray(kernelSize)),
    x: Array.from(x),
    y: Array.from(y),
  };
  const torch = JSON.parse(
    execFileSync('/usr/bin/python3', [benchScript('torchQuantumEpoch.py'), 'check'], {
      input: JSON.stringify(spec),
      encoding: 'utf8',
    }),
  ) as TorchGradients;
  const diff = Math.max(
    Math.abs(torch.loss - result.loss),
    maxDiff(torch.weightGradient, quantum!.grads),
    maxDiff(torch.kernelGradient, readout!.grads.subarray(0, kernelSize)),
    maxDiff(torch.biasGradient, readout!.grads.subarray(kernelSize)),
    maxDiff(torch.inputGradient, inputGradient),
  );
  if (!(diff <= tolerance)) {
    throw new Error(`torch and @qstore/train disagree: max |difference| ${diff} > ${tolerance}`);
  }
  return diff;
}
