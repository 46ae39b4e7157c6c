import { createRng } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { BATCH, checkGradients, classTargets } from '../test/gradientCheck.js';
import { rotationBackend, rotationCircuit } from '../test/rotationBackend.js';
import type { LayerSpec } from './layer.js';
import { relu, sigmoid, softmax, tanh } from './layers/activation.js';
import { backendLayer } from './layers/backendLayer.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { binaryCrossEntropy } from './losses/binaryCrossEntropy.js';
import { crossEntropy } from './losses/crossEntropy.js';
import { hinge } from './losses/hinge.js';
import { meanSquaredError } from './losses/meanSquaredError.js';
import { sequential } from './sequential.js';

const bits = (n: number) => Float64Array.from({ length: n }, (_, i) => ((i * 7) % 3 === 0 ? 1 : 0));

describe('sequential', () => {
  it('should match central finite differences through dense, activations, dropout and softmax (1e-6)', async () => {
    const specs: LayerSpec[] = [
      dense({ units: 6, init: 'he-normal' }),
      tanh(),
      dropout({ rate: 0.3 }),
      dense({ units: 5 }),
      sigmoid(),
      dense({ units: 3 }),
    ];
    await checkGradients(
      sequential(specs, { inputSize: 4, seed: 7 }),
      crossEntropy(),
      classTargets(3),
    );
    const probs = sequential([dense({ units: 4 }), relu(), dense({ units: 3 }), softmax()], {
      inputSize: 3,
      seed: 8,
    });
    await checkGradients(
      probs,
      meanSquaredError(),
      Float64Array.from({ length: BATCH * 3 }, (_, i) => (i % 3) / 2),
    );
    await checkGradients(
      sequential([dense({ units: 2 })], { inputSize: 3, seed: 9 }),
      binaryCrossEntropy(),
      bits(BATCH * 2),
    );
    await checkGradients(
      sequential([dense({ units: 1 }), tanh()], { inputSize: 3, seed: 10 }),
      hinge(),
      bits(BATCH),
    );
  });

  it('should match finite differences through a hybrid dense → quantum backend → dense model (1e-6)', async () => {
    const { circuit, observables } = rotationCircuit(3);
    const model = sequential(
      [
        dense({ units: 3 }),
        tanh(),
        backendLayer({ backend: rotationBackend(), circuit, observables }),
        dense({ units: 2 }),
      ],
      { inputSize: 4, seed: 11 },
    );
    expect(model.parameterCount).toBe(4 * 3 + 3 + 3 + 3 * 2 + 2);
    await checkGradients(model, crossEntropy(), classTargets(2));
  });

  it('should tell a backend that a vjp follows in training only (keepForVjp)', async () => {
    const { circuit, observables } = rotationCircuit(2);
    const backend = rotationBackend();
    const hints: (boolean | undefined)[] = [];
    const execute = backend.execute.bind(backend);
    const recording = {
      ...backend,
      execute: (request: Parameters<typeof execute>[0]) => {
        hints.push(request.keepForVjp);
        return execute(request);
      },
    };
    const model = sequential([backendLayer({ backend: recording, circuit, observables })], {
      inputSize: 2,
      seed: 3,
    });
    const x = Float64Array.of(0.1, 0.2, 0.3, 0.4);
    await model.forward(x, 2, { training: true, rng: createRng(1) });
    await model.forward(x, 2, { training: false });
    expect(hints).toEqual([true, undefined]);
  });

  it('should initialise identically from the same seed and differently from another', () => {
    const make = (seed: number) =>
      sequential([dense({ units: 8 }), relu(), dense({ units: 2, init: 'he-uniform' })], {
        inputSize: 5,
        seed,
      }).params;
    expect(make(1)).toEqual(make(1));
    expect(make(1)).not.toEqual(make(2));
    const he = sequential([dense({ units: 400, init: 'he-normal' })], { inputSize: 100, seed: 3 });
    const kernel = he.params.subarray(0, 40_000);
    const variance = kernel.reduce((s, v) => s + v * v, 0) / kernel.length;
    expect(variance).toBeCloseTo(2 / 100, 3);
  });

  it('should count parameters, name slices and print a summary table', () => {
    const model = sequential(
      [dense({ units: 8 }), relu(), dropout({ rate: 0.2 }), dense({ units: 3, bias: false })],
      { inputSize: 4 },
    );
    expect(model.parameterCount).toBe(4 * 8 + 8 + 8 * 3);
    expect(model.layers[0]!.slices.map((s) => [s.name, s.shape])).toEqual([
      ['kernel', [4, 8]],
      ['bias', [8]],
    ]);
    expect(model.layers[3]!.params.length).toBe(24);
    const summary = model.summary();
    expect(summary).toMatch(/dense_0\s+dense\s+\[batch, 8\]\s+40/);
    expect(summary).toMatch(/Total params: 64/);
  });

  it('should be the identity at inference for dropout and draw the same masks from the same rng', async () => {
    const model = sequential([dropout({ rate: 0.5 })], { inputSize: 4 });
    const x = Float64Array.from({ length: 8 }, (_, i) => i + 1);
    expect(await model.forward(x, 2, { training: false })).toEqual(x);
    const a = await model.forward(x, 2, { training: true, rng: createRng(5) });
    expect(await model.forward(x, 2, { training: true, rng: createRng(5) })).toEqual(a);
    expect([...a].every((v, i) => v === 0 || v === 2 * x[i]!)).toBe(true);
  });

  it('should refuse bad layers and shapes with codes', async () => {
    await expectQStoreError(() => dense({ units: 0 }), 'INVALID_ARGUMENT', /units/);
    await expectQStoreError(() => dropout({ rate: 1 }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => sequential([], { inputSize: 3 }), 'INVALID_ARGUMENT');
    const model = sequential([dense({ units: 2 })], { inputSize: 3 });
    await expectQStoreError(
      () => model.forward(new Float64Array(5), 2, { training: false }),
      'SHAPE_MISMATCH',
    );
    const { circuit, observables } = rotationCircuit(6);
    await expectQStoreError(
      () => backendLayer({ backend: rotationBackend(4), circuit, observables }),
      'RESOURCE_LIMIT',
      /6 qubits/,
    );
    const small = rotationCircuit(2);
    await expectQStoreError(
      () => sequential([backendLayer({ backend: rotationBackend(), ...small })], { inputSize: 3 }),
      'SHAPE_MISMATCH',
    );
  });
});
