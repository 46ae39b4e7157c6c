import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '@qstore/core';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { blobs } from '../../test/blobs.js';
import { checkGradients, classTargets } from '../../test/gradientCheck.js';
import { crossEntropy } from '../losses/crossEntropy.js';
import { loadModel, MODEL_FILE, readSavedModel, saveModel } from '../modelIo.js';
import { adam } from '../optimizers/adam.js';
import { QuantumTrainer } from '../quantumTrainer.js';
import { sequential } from '../sequential.js';
import { tanh } from './activation.js';
import { dense } from './dense.js';
import { type QuantumLayerOptions, quantumLayer } from './quantumLayer.js';

const hybrid = (options: QuantumLayerOptions, seed = 11) =>
  sequential(
    [dense({ units: options.qubits }), tanh(), quantumLayer(options), dense({ units: 2 })],
    { inputSize: 4, seed },
  );

/** One backward pass of a model on a fixed batch: the parameter and the input gradient. */
async function gradients(model: ReturnType<typeof hybrid>) {
  const rng = createRng(3);
  const x = Float64Array.from({ length: 2 * model.inputSize }, () => rng.uniform(-1, 1));
  model.grads.fill(0);
  const out = await model.forward(x, 2, { training: true });
  const { gradient } = crossEntropy().compute(out, Float64Array.of(0, 1), {
    batchSize: 2,
    outputSize: model.outputSize,
  });
  const input = await model.backward(gradient, 2);
  return { params: model.grads.slice(), input };
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);

describe('quantumLayer', () => {
  const tempDir = useTempDirs();

  it('should match central finite differences through dense → quantum → dense (1e-6)', async () => {
    await checkGradients(
      hybrid({ qubits: 3, layers: 2, observables: 'z+zz' }),
      crossEntropy(),
      classTargets(2),
    );
    await checkGradients(
      hybrid({
        qubits: 3,
        layers: 2,
        reupload: true,
        encoding: 'angle-x',
        ansatz: 'hardware-efficient',
      }),
      crossEntropy(),
      classTargets(2),
    );
    await checkGradients(
      hybrid({ qubits: 2, layers: 1, encoding: 'iqp', ansatz: 'basic-entangler' }),
      crossEntropy(),
      classTargets(2),
    );
  });

  it('should give the adjoint gradient with parameter shift and an ascent direction with SPSA', async () => {
    const options: QuantumLayerOptions = {
      qubits: 3,
      layers: 2,
      reupload: true,
      observables: 'z+zz',
    };
    const adjoint = await gradients(hybrid(options));
    const shift = await gradients(hybrid({ ...options, diffMethod: 'parameter-shift' }));
    for (let i = 0; i < adjoint.params.length; i++) {
      expect(shift.params[i]).toBeCloseTo(adjoint.params[i]!, 10);
    }
    for (let i = 0; i < adjoint.input.length; i++) {
      expect(shift.input[i]).toBeCloseTo(adjoint.input[i]!, 10);
    }
    const spsa = await gradients(hybrid({ ...options, diffMethod: 'spsa', seed: 5 }));
    expect((await gradients(hybrid({ ...options, diffMethod: 'spsa', seed: 5 }))).params).toEqual(
      spsa.params,
    );
    expect(spsa.params).not.toEqual(adjoint.params);
    // One row through the quantum layer alone: SPSA perturbs inputs and weights together, so its
    // estimate's inner product with the true gradient over both is (Δ·g)² ≥ 0.
    const single = async (diffMethod: QuantumLayerOptions['diffMethod'], seed = 0) => {
      const model = sequential([quantumLayer({ ...options, diffMethod, seed })], {
        inputSize: 3,
        seed: 1,
      });
      model.grads.fill(0);
      await model.forward(Float64Array.of(0.3, -0.7, 1.1), 1, { training: true });
      const input = await model.backward(
        Float64Array.from({ length: 6 }, (_, i) => i - 2),
        1,
      );
      return Float64Array.from([...input, ...model.grads]);
    };
    const exact = await single('adjoint');
    for (const seed of [5, 6, 7]) {
      const estimate = await single('spsa', seed);
      expect(dot(estimate, exact)).toBeGreaterThan(0);
      expect(estimate).not.toEqual(exact);
    }
  });

  it('should size its outputs and weights from the settings and initialise from the seed', () => {
    const model = hybrid({ qubits: 4, layers: 3, observables: 'z+zz' });
    expect(model.layers[2]!.outputSize).toBe(4 + 6);
    expect(model.layers[2]!.params.length).toBe(3 * 4 * 3);
    expect(model.layers[2]!.type).toBe('quantum');
    expect(hybrid({ qubits: 4, layers: 3, reupload: true }).layers[2]!.params.length).toBe(36);
    expect(hybrid({ qubits: 4, layers: 2, observables: 'zz' }).layers[2]!.outputSize).toBe(6);
    expect(hybrid({ qubits: 3 }, 1).params).toEqual(hybrid({ qubits: 3 }, 1).params);
    expect(hybrid({ qubits: 3 }, 1).params).not.toEqual(hybrid({ qubits: 3 }, 2).params);
    expect(model.summary()).toMatch(/quantum_2\s+quantum\s+\[batch, 10\]\s+36/);
  });

  it('should learn a 3-class problem through QuantumTrainer', async () => {
    const model = sequential(
      [
        dense({ units: 3 }),
        quantumLayer({ qubits: 3, layers: 2, reupload: true }),
        dense({ units: 3 }),
      ],
      { inputSize: 4, seed: 2 },
    );
    const trainer = new QuantumTrainer({
      model,
      loss: crossEntropy(),
      optimizer: adam({ lr: 0.05 }),
    });
    await trainer.fit(blobs({ samples: 90, seed: 1 }), { epochs: 15, batchSize: 16, seed: 3 });
    const { accuracy } = await trainer.evaluate(blobs({ samples: 60, seed: 9 }));
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('should save and load with its settings and weights, without a factory', async () => {
    const dir = await tempDir();
    const settings = {
      qubits: 3,
      layers: 2,
      reupload: true,
      observables: 'z+zz',
      diffMethod: 'spsa',
      seed: 4,
    } as const;
    const model = hybrid(settings);
    await saveModel(model, dir);
    const saved = await readSavedModel(dir);
    expect(saved.architecture.layers[2]).toEqual({
      type: 'quantum',
      encoding: 'angle-y',
      ansatz: 'strongly-entangling',
      init: 'uniform',
      ...settings,
    });
    const loaded = await loadModel(dir);
    expect(loaded.params).toEqual(model.params);
    const x = Float64Array.from({ length: 8 }, (_, i) => Math.sin(i));
    expect(await loaded.forward(x, 2, { training: false })).toEqual(
      await model.forward(x, 2, { training: false }),
    );
  });

  it('should refuse too many qubits, bad options and a corrupt saved config with codes', async () => {
    await expectQStoreError(() => quantumLayer({ qubits: 31 }), 'RESOURCE_LIMIT', /31 qubits.*30/);
    await expectQStoreError(() => quantumLayer({ qubits: 0 }), 'INVALID_ARGUMENT', /qubits/);
    await expectQStoreError(
      () => quantumLayer({ qubits: 2, layers: 0 }),
      'INVALID_ARGUMENT',
      /layers/,
    );
    await expectQStoreError(
      () => quantumLayer({ qubits: 2, encoding: 'amplitude' as never }),
      'INVALID_ARGUMENT',
      /encoding/,
    );
    await expectQStoreError(
      () =>
        quantumLayer({
          qubits: 2,
          observables: [{ terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit: 2 }] }] }],
        }),
      'INVALID_ARGUMENT',
      /qubit 2/,
    );
    await expectQStoreError(
      () => sequential([quantumLayer({ qubits: 3 })], { inputSize: 4 }),
      'SHAPE_MISMATCH',
    );
    const dir = await tempDir();
    await saveModel(hybrid({ qubits: 2 }), dir);
    const file = join(dir, MODEL_FILE);
    const json = JSON.parse(await readFile(file, 'utf8'));
    json.layers[2].ansatz = 'magic';
    await writeFile(file, JSON.stringify(json));
    await expectQStoreError(() => loadModel(dir), 'INVALID_CONFIG', /ansatz/);
  });
});
