// The circuit of @qstore/train's quantum layer as the demo uses it: angle (RY) encoding of 10
// features re-uploaded before each of 4 strongly entangling layers, ⟨Z_i⟩ and ⟨Z_i Z_j⟩ read-out.
import type { Observable } from '@qstore/core';
import type * as api from '../src/index.js';

type Api = Pick<typeof api, 'dataReuploading' | 'angleEncoding' | 'stronglyEntanglingLayers'>;

/** 10 qubits × 4 re-uploading layers, built with the given version of this package. */
export function trainingCircuit(lib: Api, numQubits = 10, layers = 4): api.Circuit {
  return lib.dataReuploading({
    encoding: lib.angleEncoding({ numFeatures: numQubits }),
    trainable: (layer) =>
      lib.stronglyEntanglingLayers({ numQubits, layers: 1, prefix: `w${layer}_` }),
    layers,
  });
}

/** ⟨Z_i⟩ for every qubit, then ⟨Z_i Z_j⟩ for every pair i < j (train's `'z+zz'`). */
export function zzReadout(numQubits: number): Observable[] {
  const z = (qubit: number) => ({ pauli: 'Z' as const, qubit });
  const out: Observable[] = [];
  for (let i = 0; i < numQubits; i++) out.push({ terms: [{ coefficient: 1, ops: [z(i)] }] });
  for (let i = 0; i < numQubits; i++) {
    for (let j = i + 1; j < numQubits; j++) {
      out.push({ terms: [{ coefficient: 1, ops: [z(i), z(j)] }] });
    }
  }
  return out;
}

/**
 * The reference model of @qstore/train's speed bench (bench/quantumEpoch.ts there): RY angle
 * encoding of 10 features, then 4 strongly entangling layers (complex: RZ·RY·RZ), read out as ⟨Z_i⟩.
 */
export function referenceCircuit(lib: Api, numQubits = 10, layers = 4): api.Circuit {
  return lib
    .angleEncoding({ numFeatures: numQubits, rotation: 'Y' })
    .compose(lib.stronglyEntanglingLayers({ numQubits, layers, prefix: 'w' }));
}
