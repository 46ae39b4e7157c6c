import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { angleEncoding } from './angleEncoding.js';
import {
  basicEntanglerLayers,
  entanglingPairs,
  hardwareEfficientAnsatz,
  stronglyEntanglingLayers,
} from './ansatzLayers.js';
import { basisEncoding } from './basisEncoding.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { dataReuploading } from './dataReuploading.js';
import { iqpEncoding } from './iqpEncoding.js';
import { qaoaLayers } from './qaoaLayers.js';
import { simulate } from './simulate.js';

const spins = (b: number, n: number): number[] =>
  Array.from({ length: n }, (_, i) => ((b >> i) & 1 ? -1 : 1));

describe('encodings', () => {
  it('should angle-encode features as a product state', () => {
    const x = [0.3, -1.1, 2.0];
    const circuit = angleEncoding({ numFeatures: 3, scale: 0.5 });
    expect(circuit.inputs).toEqual(['x0', 'x1', 'x2']);
    const state = simulate(circuit, { params: { x0: x[0]!, x1: x[1]!, x2: x[2]! } });
    for (let b = 0; b < 8; b++) {
      const expected = x.reduce(
        (acc, v, q) => acc * ((b >> q) & 1 ? Math.sin(v / 4) : Math.cos(v / 4)),
        1,
      );
      expect(state.amplitude(b)[0]).toBeCloseTo(expected, 14);
    }
  });

  it('should basis-encode bits and reject non-bits', async () => {
    expect(simulate(basisEncoding([1, 0, 1])).probabilities()[0b101]).toBe(1);
    await expectQStoreError(() => basisEncoding([1, 2]), 'INVALID_ARGUMENT');
  });

  it('should give IQP amplitudes exp(−i/2 [Σ x_i z_i + Σ x_i x_j z_i z_j]) / 2^{n/2}', () => {
    const x = [0.4, -0.9, 1.7];
    const state = simulate(iqpEncoding({ numFeatures: 3 }), {
      params: { x0: x[0]!, x1: x[1]!, x2: x[2]! },
    });
    for (let b = 0; b < 8; b++) {
      const z = spins(b, 3);
      let phase = 0;
      for (let i = 0; i < 3; i++) {
        phase += x[i]! * z[i]!;
        for (let j = i + 1; j < 3; j++) phase += x[i]! * x[j]! * z[i]! * z[j]!;
      }
      const [re, im] = state.amplitude(b);
      expect(re).toBeCloseTo(Math.cos(-phase / 2) / Math.sqrt(8), 14);
      expect(im).toBeCloseTo(Math.sin(-phase / 2) / Math.sqrt(8), 14);
    }
  });

  it('should re-upload data before every trainable block', () => {
    const circuit = dataReuploading({
      encoding: angleEncoding({ numFeatures: 2 }),
      trainable: (l) => basicEntanglerLayers({ numQubits: 2, layers: 1, prefix: `t${l}_` }),
      layers: 3,
    });
    expect(circuit.inputs).toEqual(['x0', 'x1']);
    expect(circuit.weights).toHaveLength(6);
    expect(circuit.countOps()).toEqual({ ry: 6, rx: 6, cx: 3 });
    expect(new CompiledCircuit(circuit).inputNames).toEqual(['x0', 'x1']);
  });
});

describe('ansätze', () => {
  it('should lay out hardware-efficient, strongly entangling and basic entangler layers', async () => {
    const hea = hardwareEfficientAnsatz({ numQubits: 4, layers: 2, entanglement: 'circular' });
    expect(hea.weights).toHaveLength(3 * 4 * 2);
    expect(hea.countOps()).toEqual({ ry: 12, rz: 12, cx: 8 });
    expect(entanglingPairs(3, 'full')).toEqual([
      [0, 1],
      [0, 2],
      [1, 2],
    ]);
    const sel = stronglyEntanglingLayers({ numQubits: 4, layers: 3 });
    expect(sel.weights).toHaveLength(36);
    expect(
      sel.operations
        .filter((op) => op.gate === 'cx')
        .slice(4, 8)
        .map((op) => op.qubits),
    ).toEqual([
      [0, 2],
      [1, 3],
      [2, 0],
      [3, 1],
    ]);
    expect(basicEntanglerLayers({ numQubits: 3, layers: 2, rotation: 'ry' }).countOps()).toEqual({
      ry: 6,
      cx: 6,
    });
    await expectQStoreError(
      () => hardwareEfficientAnsatz({ numQubits: 2, layers: 0 }),
      'INVALID_ARGUMENT',
    );
  });

  it('should apply exp(−iγC) for Z, ZZ and ZZZ cost terms in QAOA layers', async () => {
    const cost = {
      terms: [
        { coefficient: 0.7, ops: [{ pauli: 'Z' as const, qubit: 0 }] },
        {
          coefficient: -1.3,
          ops: [
            { pauli: 'Z' as const, qubit: 0 },
            { pauli: 'Z' as const, qubit: 2 },
          ],
        },
        { coefficient: 0.4, ops: [0, 1, 2].map((qubit) => ({ pauli: 'Z' as const, qubit })) },
      ],
    };
    const circuit = qaoaLayers({ numQubits: 3, cost, layers: 1 });
    expect(circuit.weights).toEqual(['gamma0', 'beta0']);
    const gamma = 0.83;
    const state = simulate(circuit, { params: { gamma0: gamma, beta0: 0 } });
    for (let b = 0; b < 8; b++) {
      const z = spins(b, 3);
      const c = 0.7 * z[0]! - 1.3 * z[0]! * z[2]! + 0.4 * z[0]! * z[1]! * z[2]!;
      const [re, im] = state.amplitude(b);
      expect(re).toBeCloseTo(Math.cos(-gamma * c) / Math.sqrt(8), 14);
      expect(im).toBeCloseTo(Math.sin(-gamma * c) / Math.sqrt(8), 14);
    }
    await expectQStoreError(
      () =>
        qaoaLayers({
          numQubits: 1,
          layers: 1,
          cost: { terms: [{ coefficient: 1, ops: [{ pauli: 'X', qubit: 0 }] }] },
        }),
      'INVALID_ARGUMENT',
    );
  });
});
