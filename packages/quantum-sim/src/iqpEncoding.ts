import { featureNames } from './angleEncoding.js';
import { Circuit } from './circuit.js';

/** Options of {@link iqpEncoding}. */
export interface IqpEncodingOptions {
  readonly numFeatures: number;
  /** Repetitions of the H · RZ · RZZ block. @default 1 */
  readonly reps?: number;
  /** @default 'x' */
  readonly prefix?: string;
}

/**
 * IQP encoding (Havlíček et al., 2019): per repetition, H on every qubit, RZ(x_i) on qubit i and
 * RZZ(x_i·x_j) on every pair i < j; features are circuit inputs.
 */
export function iqpEncoding(options: IqpEncodingOptions): Circuit {
  const n = options.numFeatures;
  const names = featureNames(n, options.prefix);
  const circuit = new Circuit(n, { inputs: names });
  for (let rep = 0; rep < (options.reps ?? 1); rep++) {
    for (let i = 0; i < n; i++) circuit.h(i).rz(i, names[i]!);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) circuit.rzz([i, j], `${names[i]}*${names[j]}`);
    }
  }
  return circuit;
}
