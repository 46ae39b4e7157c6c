import type { CircuitIR, Observable } from '@qstore/core';
import {
  angleEncoding,
  basicEntanglerLayers,
  type Circuit,
  dataReuploading,
  hardwareEfficientAnsatz,
  iqpEncoding,
  stronglyEntanglingLayers,
} from '@qstore/quantum-sim';

/** How features enter the circuit: one rotation per qubit, or the IQP feature map. */
export type QuantumEncoding = 'angle-x' | 'angle-y' | 'angle-z' | 'iqp';

/** The trainable block of a quantum layer (the ansätze of `@qstore/quantum-sim`). */
export type QuantumAnsatz = 'strongly-entangling' | 'hardware-efficient' | 'basic-entangler';

/**
 * The read-out of a quantum layer: `'z'` is ⟨Z_i⟩ on every qubit, `'zz'` is ⟨Z_i Z_j⟩ on every
 * pair i < j, `'z+zz'` both (n + n(n−1)/2 outputs); or explicit observables.
 */
export type QuantumReadout = 'z' | 'zz' | 'z+zz' | readonly Observable[];

/** What the circuit of a quantum layer is made of. */
export interface QuantumCircuitSettings {
  readonly qubits: number;
  readonly encoding: QuantumEncoding;
  readonly ansatz: QuantumAnsatz;
  readonly layers: number;
  readonly reupload: boolean;
}

function encodingBlock(qubits: number, encoding: QuantumEncoding): Circuit {
  if (encoding === 'iqp') return iqpEncoding({ numFeatures: qubits });
  const rotation = encoding === 'angle-x' ? 'X' : encoding === 'angle-z' ? 'Z' : 'Y';
  return angleEncoding({ numFeatures: qubits, rotation });
}

function ansatzBlock(settings: QuantumCircuitSettings, layers: number, prefix: string): Circuit {
  const options = { numQubits: settings.qubits, layers, prefix };
  if (settings.ansatz === 'hardware-efficient') return hardwareEfficientAnsatz(options);
  if (settings.ansatz === 'basic-entangler') return basicEntanglerLayers(options);
  return stronglyEntanglingLayers(options);
}

/**
 * The layer's circuit: the encoding then `layers` ansatz layers, or with `reupload` the encoding
 * before every ansatz layer (data re-uploading). Features are the circuit's inputs `x0…`.
 */
export function buildQuantumCircuit(settings: QuantumCircuitSettings): CircuitIR {
  const encoding = encodingBlock(settings.qubits, settings.encoding);
  if (!settings.reupload) {
    return encoding.compose(ansatzBlock(settings, settings.layers, 'w')).toIR();
  }
  return dataReuploading({
    encoding,
    trainable: (layer) => ansatzBlock(settings, 1, `w${layer}_`),
    layers: settings.layers,
  }).toIR();
}

const z = (qubit: number) => ({ pauli: 'Z' as const, qubit });

/** The observables a read-out names, in a fixed order (single qubits first, then pairs). */
export function readoutObservables(qubits: number, readout: QuantumReadout): Observable[] {
  if (typeof readout !== 'string') return [...readout];
  const out: Observable[] = [];
  if (readout !== 'zz') {
    for (let q = 0; q < qubits; q++) out.push({ terms: [{ coefficient: 1, ops: [z(q)] }] });
  }
  if (readout !== 'z') {
    for (let i = 0; i < qubits; i++) {
      for (let j = i + 1; j < qubits; j++) {
        out.push({ terms: [{ coefficient: 1, ops: [z(i), z(j)] }] });
      }
    }
  }
  return out;
}
