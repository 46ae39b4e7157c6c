import type { Observable } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { gradient } from './gradient.js';
import { localSimulator } from './localSimulator.js';

const z = (qubit: number): Observable => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit }] }],
});
const circuit = new Circuit(3, { inputs: ['x0', 'x1'] })
  .ry(0, 'x0')
  .ry(1, 'x1')
  .ry(2, 'x0*x1')
  .rx(0, 'w0')
  .cx(0, 1)
  .crz([1, 2], 'w1')
  .rzz([0, 2], '2*w0 - w2');
const ir = circuit.toIR();
const inputs = Float64Array.of(0.1, 0.2, -0.5, 1.3, 2.0, -0.7);
const weights = Float64Array.of(0.3, -1.2, 0.8);
const observables = [
  z(0),
  z(2),
  {
    terms: [
      {
        coefficient: 0.5,
        ops: [
          { pauli: 'X' as const, qubit: 1 },
          { pauli: 'Y' as const, qubit: 2 },
        ],
      },
    ],
  },
];

describe('localSimulator', () => {
  const backend = localSimulator();

  it('should run a batch and match per-row gradients in its vector–Jacobian product', async () => {
    const upstream = Float64Array.from({ length: 9 }, (_, i) => Math.sin(i + 1));
    const result = await backend.vjp!(
      { circuit: ir, inputs, weights, batchSize: 3, observables },
      upstream,
    );
    const { expectations } = await backend.execute({
      circuit: ir,
      inputs,
      weights,
      batchSize: 3,
      observables,
    });
    expect(Array.from(result.expectations)).toEqual(Array.from(expectations));
    const compiled = new CompiledCircuit(circuit);
    const summed = new Float64Array(3);
    for (let row = 0; row < 3; row++) {
      const g = gradient(compiled, {
        method: 'parameter-shift',
        inputs: inputs.subarray(2 * row, 2 * row + 2),
        weights,
        observables,
        upstream: upstream.subarray(3 * row, 3 * row + 3),
      });
      g.weights.forEach((v, j) => {
        summed[j] = summed[j]! + v;
      });
      for (let j = 0; j < 2; j++)
        expect(result.inputGradient[2 * row + j]).toBeCloseTo(g.inputs[j]!, 12);
    }
    for (let j = 0; j < 3; j++) expect(result.weightGradient[j]).toBeCloseTo(summed[j]!, 12);
  });

  it('should estimate expectations from seeded shots', async () => {
    const request = {
      circuit: ir,
      inputs,
      weights,
      batchSize: 3,
      observables,
      shots: 4000,
      seed: 9,
    };
    const exact = (await backend.execute({ ...request, shots: undefined })).expectations;
    const estimated = (await backend.execute(request)).expectations;
    expect((await backend.execute(request)).expectations).toEqual(estimated);
    for (let i = 0; i < estimated.length; i++)
      expect(Math.abs(estimated[i]! - exact[i]!)).toBeLessThan(0.06);
  });

  it('should reject wrong shapes, missing parameters and aborted work', async () => {
    await expectQStoreError(
      () => backend.execute({ circuit: ir, inputs, weights, batchSize: 2, observables }),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(
      () => backend.execute({ circuit: ir, inputs, batchSize: 3, observables }),
      'UNBOUND_PARAMETER',
    );
    await expectQStoreError(
      () =>
        backend.execute({
          circuit: { numQubits: 1, operations: [{ gate: 'rx', qubits: [0], params: ['t'] }] },
          observables,
        }),
      'UNBOUND_PARAMETER',
      /"t"/,
    );
    await expectQStoreError(
      () =>
        backend.execute({
          circuit: ir,
          inputs,
          weights,
          batchSize: 3,
          observables,
          signal: AbortSignal.abort(),
        }),
      'ABORTED',
    );
  });
});
