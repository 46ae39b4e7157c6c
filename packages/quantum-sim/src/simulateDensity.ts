import { ValidationError } from '@qstore/core';
import type { Circuit } from './circuit.js';
import { DensityMatrix } from './densityMatrix.js';
import { checkMemory } from './internal/allocateState.js';
import { applyMatrixOp, type MatrixOp } from './internal/applyMatrixOp.js';
import { MatrixKind } from './internal/complexMatrix.js';
import { Program } from './internal/program.js';
import { SCOPE } from './internal/scope.js';
import { type NoiseChannel, superoperator } from './noiseChannels.js';

/** The most qubits a density matrix may have (4^12 complex numbers = 256 MiB). */
export const MAX_DENSITY_QUBITS = 12;

/** Options of {@link simulateDensity}. */
export interface SimulateDensityOptions {
  /** A value for every input and weight, by name. @default {} */
  readonly params?: Readonly<Record<string, number>>;
  /** Channels applied, in order, to every qubit a gate touches, after the gate. @default [] */
  readonly noise?: readonly NoiseChannel[];
}

/**
 * Density-matrix simulation with gate noise: ρ → U ρ U† per gate, then each channel on each
 * qubit of the gate. Up to {@link MAX_DENSITY_QUBITS} qubits.
 */
export function simulateDensity(
  circuit: Circuit,
  options: SimulateDensityOptions = {},
): DensityMatrix {
  const n = circuit.numQubits;
  checkMemory({
    numQubits: n,
    count: 4 ** n,
    what: 'density matrix',
    maxQubits: MAX_DENSITY_QUBITS,
  });
  const program = new Program(circuit.toIR());
  const params = options.params ?? {};
  const env = Float64Array.from([...program.inputNames, ...program.weightNames], (name) => {
    const value = params[name];
    if (value === undefined) {
      throw new ValidationError(
        'UNBOUND_PARAMETER',
        `parameter "${name}" has no value; pass it in params`,
        { scope: SCOPE },
      );
    }
    return value;
  });
  program.bind(env);
  const data = new Float64Array(2 * 4 ** n);
  data[0] = 1;
  const channels = (options.noise ?? []).map(superoperator);
  const conjugate = new Float64Array(
    2 * 2 ** (2 * Math.max(2, ...program.ops.map((op) => Math.log2(op.dim)))),
  );
  program.ops.forEach((op, i) => {
    program.applyOp(data, i, 2 * n);
    for (let k = 0; k < 2 * op.dim * op.dim; k++)
      conjugate[k] = k % 2 === 0 ? op.matrix[k]! : -op.matrix[k]!;
    const columns: MatrixOp = {
      ...op,
      targets: op.targets.map((q) => q + n),
      controlMask: op.controlMask * 2 ** n,
      matrix: conjugate,
    };
    applyMatrixOp(data, 2 * n, columns, program.scratch);
    if (channels.length === 0) return;
    const touched = [
      ...op.targets,
      ...Array.from({ length: n }, (_, q) => q).filter((q) => (op.controlMask >> q) & 1),
    ];
    for (const q of touched) {
      for (const s of channels) {
        applyMatrixOp(
          data,
          2 * n,
          { targets: [q, q + n], controlMask: 0, dim: 4, kind: MatrixKind.general, matrix: s },
          program.scratch,
        );
      }
    }
  });
  return new DensityMatrix(n, data);
}
