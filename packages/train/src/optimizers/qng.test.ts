import type { Observable } from '@qstore/core';
import { metricTensor } from '@qstore/quantum-sim';
import { expectQStoreError } from '@qstore/test-utils';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { blobs } from '../../test/blobs.js';
import { buildQuantumCircuit } from '../internal/quantumCircuit.js';
import { dense } from '../layers/dense.js';
import { quantumLayer } from '../layers/quantumLayer.js';
import { crossEntropy } from '../losses/crossEntropy.js';
import { QuantumTrainer } from '../quantumTrainer.js';
import { sequential } from '../sequential.js';
import { adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { qng } from './qng.js';
import { sgd } from './sgd.js';

const Z = (qubit: number) => ({ pauli: 'Z' as const, qubit });
const X = (qubit: number) => ({ pauli: 'X' as const, qubit });
/** Transverse-field Ising chain on 3 qubits, h = 0.7; ground energy −2.786587 (numpy eigvalsh). */
const ISING: Observable = {
  terms: [
    { coefficient: -1, ops: [Z(0), Z(1)] },
    { coefficient: -1, ops: [Z(1), Z(2)] },
    { coefficient: -0.7, ops: [X(0)] },
    { coefficient: -0.7, ops: [X(1)] },
    { coefficient: -0.7, ops: [X(2)] },
  ],
};
const GROUND_ENERGY = -2.78658685;

/** VQE: minimises ⟨H⟩ of a 2-layer strongly entangling circuit; steps until within 0.01 of E₀. */
async function stepsToGroundState(seed: number, makeOptimizer: (model: never) => Optimizer) {
  const model = sequential([quantumLayer({ qubits: 3, layers: 2, observables: [ISING] })], {
    inputSize: 3,
    seed,
  });
  const optimizer = makeOptimizer(model as never);
  const zeros = new Float64Array(3); // the angle encoding of 0 is the identity
  for (let step = 0; step < 300; step++) {
    model.grads.fill(0);
    const energy = (await model.forward(zeros, 1, { training: true }))[0]!;
    if (energy < GROUND_ENERGY + 0.01) return step;
    await model.backward(Float64Array.of(1), 1);
    await optimizer.step(model.params, model.grads);
  }
  return Number.POSITIVE_INFINITY;
}

describe('qng (quantum natural gradient)', () => {
  it('should reach the ground energy of a small VQE problem in far fewer steps than gradient descent', async () => {
    // Same step size 0.1 for both, λ = 0.01, three fixed initialisations. Measured: QNG 40 / 18 /
    // 22 steps, GD 200 / never (300) / 101. (At each one's best step size from {0.1, 0.15, 0.4,
    // 0.8, 1.2}, GD needs 50 / 92 / 26 and QNG 40 / 10 / 22: QNG tolerates only small steps.)
    for (const seed of [1, 2, 5]) {
      const natural = await stepsToGroundState(seed, (model) => qng({ lr: 0.1, model }));
      const plain = await stepsToGroundState(seed, () => sgd({ lr: 0.1 }));
      expect(natural, `seed ${seed}`).toBeLessThan(50);
      expect(plain, `seed ${seed}`).toBeGreaterThan(2 * natural);
    }
  });

  it('should precondition circuit weights by the batch-averaged metric and step dense weights plainly', async () => {
    const model = sequential(
      [
        dense({ units: 2 }),
        quantumLayer({ qubits: 2, layers: 2, reupload: true }),
        dense({ units: 2 }),
      ],
      { inputSize: 3, seed: 4 },
    );
    const x = Float64Array.of(0.3, -1, 0.5, 1.2, 0.1, -0.4, 0, 0.7, 0.2);
    model.grads.fill(0);
    await model.forward(x, 3, { training: true });
    await model.backward(Float64Array.of(1, -0.5, 0.2, 0.3, -1, 0.4), 3);
    const before = model.params.slice();
    const grads = model.grads.slice();
    // What the circuit saw: the first dense layer's outputs for the three rows.
    const circuitInputs = await model.layers[0]!.forward(x, 3, { training: false });
    const quantum = model.layers[1]!;
    const weights = quantum.params.slice();
    await qng({ lr: 0.2, model, lambda: 0.05 }).step(model.params, model.grads);

    const offset = model.layers[0]!.params.length;
    const n = weights.length;
    const metric = metricTensor(
      buildQuantumCircuit({
        qubits: 2,
        encoding: 'angle-y',
        ansatz: 'strongly-entangling',
        layers: 2,
        reupload: true,
      }),
      { inputs: circuitInputs, weights, batchSize: 3 },
    );
    const a = new Matrix(n, n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) a.set(i, j, metric[i * n + j]! + (i === j ? 0.05 : 0));
    const direction = new CholeskyDecomposition(a)
      .solve(Matrix.columnVector(Array.from(grads.subarray(offset, offset + n))))
      .getColumn(0);
    model.params.forEach((p, i) => {
      const inCircuit = i >= offset && i < offset + n;
      const expected = before[i]! - 0.2 * (inCircuit ? direction[i - offset]! : grads[i]!);
      expect(p).toBeCloseTo(expected, 12);
    });
    // The natural direction differs from the plain gradient.
    expect(Math.abs(direction[0]! - grads[offset]!)).toBeGreaterThan(1e-3);
  });

  it('should train a hybrid classifier through QuantumTrainer and resume from its state', async () => {
    const data = blobs({ samples: 48, features: 2, classes: 2, seed: 3 });
    const make = () => {
      const model = sequential(
        [dense({ units: 2 }), quantumLayer({ qubits: 2, layers: 1 }), dense({ units: 2 })],
        { inputSize: 2, seed: 6 },
      );
      const optimizer = qng({ lr: 0.1, model });
      return { optimizer, trainer: new QuantumTrainer({ model, loss: crossEntropy(), optimizer }) };
    };
    const { trainer, optimizer } = make();
    const history = await trainer.fit(data, { epochs: 6, batchSize: 8, seed: 1 });
    expect(history.epochs[5]!['loss']).toBeLessThan(history.epochs[0]!['loss']!);
    const state = JSON.parse(JSON.stringify(optimizer.getState()));
    expect(state).toMatchObject({ name: 'qng', step: 36 });
    const other = make();
    other.optimizer.setState(state);
    expect(other.optimizer.getState()).toEqual(state);
  });

  it('should refuse a bad lambda, a step before any forward pass, another vector and foreign state', async () => {
    const model = sequential([quantumLayer({ qubits: 2 })], { inputSize: 2, seed: 1 });
    await expectQStoreError(() => qng({ lr: 0.1, model, lambda: 0 }), 'INVALID_ARGUMENT', /lambda/);
    await expectQStoreError(
      // biome-ignore lint/suspicious/noExplicitAny: checks the run-time guard
      () => qng({ lr: 0.1, model, approx: 'full' as any }),
      'INVALID_ARGUMENT',
    );
    const optimizer = qng({ lr: 0.1, model });
    await expectQStoreError(
      () => optimizer.step(model.params, model.grads),
      'INVALID_ARGUMENT',
      /forward pass in training mode/,
    );
    await expectQStoreError(
      () => optimizer.step(model.params.slice(), model.grads),
      'INVALID_ARGUMENT',
      /parameter vector/,
    );
    await expectQStoreError(
      () => optimizer.setState(adam({ lr: 0.1 }).getState()),
      'CHECKPOINT_MISMATCH',
    );
  });
});
