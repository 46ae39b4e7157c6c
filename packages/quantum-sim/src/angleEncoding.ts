import { Circuit } from './circuit.js';

/** Options of {@link angleEncoding}. */
export interface AngleEncodingOptions {
  /** Number of features; feature i goes to qubit i. */
  readonly numFeatures: number;
  /** Rotation axis. @default 'Y' */
  readonly rotation?: 'X' | 'Y' | 'Z';
  /** Input names are `${prefix}${i}`. @default 'x' */
  readonly prefix?: string;
  /** Scale applied to each feature: the gate angle is `scale * x_i`. @default 1 */
  readonly scale?: number;
}

/** The names of `count` inputs with a prefix: `x0, x1, …`. */
export function featureNames(count: number, prefix = 'x'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** Angle encoding: one rotation R_axis(scale · x_i) per feature, features as circuit inputs. */
export function angleEncoding(options: AngleEncodingOptions): Circuit {
  const names = featureNames(options.numFeatures, options.prefix);
  const gate = `r${(options.rotation ?? 'Y').toLowerCase()}` as 'rx' | 'ry' | 'rz';
  const scale = options.scale ?? 1;
  const circuit = new Circuit(options.numFeatures, { inputs: names });
  names.forEach((name, q) => {
    circuit.gate(gate, [q], [scale === 1 ? name : `${scale}*${name}`]);
  });
  return circuit;
}
