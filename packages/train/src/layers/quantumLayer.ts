import { ResourceError } from '@qstore/core';
import { LOCAL_SIMULATOR_CAPABILITIES } from '@qstore/quantum-sim';
import { z } from 'zod';
import { checkNumber, invalidArgument, SCOPE } from '../internal/errors.js';
import { type DiffMethod, gradientBackend } from '../internal/gradientBackend.js';
import { withMetricTensor } from '../internal/metricLayer.js';
import {
  buildQuantumCircuit,
  type QuantumAnsatz,
  type QuantumEncoding,
  type QuantumReadout,
  readoutObservables,
} from '../internal/quantumCircuit.js';
import type { LayerConfig, LayerSpec } from '../layer.js';
import { backendLayer } from './backendLayer.js';

/** Options of {@link quantumLayer}. */
export interface QuantumLayerOptions {
  /** Qubits of the circuit; the layer takes one feature per qubit. */
  readonly qubits: number;
  /** @default 'angle-y' */
  readonly encoding?: QuantumEncoding;
  /** @default 'strongly-entangling' */
  readonly ansatz?: QuantumAnsatz;
  /** Ansatz layers. @default 2 */
  readonly layers?: number;
  /** Data re-uploading: the encoding is repeated before every ansatz layer. @default false */
  readonly reupload?: boolean;
  /** One output per observable. @default 'z' */
  readonly observables?: QuantumReadout;
  /** @default 'adjoint' */
  readonly diffMethod?: DiffMethod;
  /** Initial weights (drawn from the model's seeded RNG). @default 'uniform' */
  readonly init?: 'uniform' | 'normal' | 'zeros';
  /** Seed of SPSA's directions. @default 0 */
  readonly seed?: number;
}

const pauliTerm = z.object({
  coefficient: z.number(),
  ops: z.array(z.object({ pauli: z.enum(['X', 'Y', 'Z']), qubit: z.number().int().min(0) })),
});

const optionsSchema = z.object({
  qubits: z.number().int().min(1),
  encoding: z.enum(['angle-x', 'angle-y', 'angle-z', 'iqp']).default('angle-y'),
  ansatz: z
    .enum(['strongly-entangling', 'hardware-efficient', 'basic-entangler'])
    .default('strongly-entangling'),
  layers: z.number().int().min(1).default(2),
  reupload: z.boolean().default(false),
  observables: z
    .union([z.enum(['z', 'zz', 'z+zz']), z.array(z.object({ terms: z.array(pauliTerm) })).min(1)])
    .default('z'),
  diffMethod: z.enum(['adjoint', 'parameter-shift', 'spsa']).default('adjoint'),
  init: z.enum(['uniform', 'normal', 'zeros']).default('uniform'),
  seed: z.number().int().default(0),
});

/**
 * A layer whose outputs are expectation values of a parameterised circuit simulated by
 * `@qstore/quantum-sim`: the layer's input row (one feature per qubit) is encoded (`angle-*` or
 * `iqp`, once or before every ansatz layer with `reupload`), `layers` ansatz layers with trained
 * angles follow, and `observables` are read out. Gradients flow to the weights and to the
 * layers below: adjoint by default, `parameter-shift` (exact, as on hardware) or seeded `spsa`
 * (an estimate). Its config is JSON, so `loadModel` rebuilds it without a factory.
 *
 * Throws `RESOURCE_LIMIT` for more qubits than the simulator allows and `INVALID_ARGUMENT`
 * (or `INVALID_CONFIG` for a loaded config) for options out of range.
 *
 * @example
 * ```ts
 * const model = sequential(
 *   [dense({ units: 4 }), quantumLayer({ qubits: 4, layers: 2, reupload: true }), dense({ units: 3 })],
 *   { inputSize: 8, seed: 1 },
 * );
 * ```
 */
export function quantumLayer(options: QuantumLayerOptions): LayerSpec {
  checkNumber('qubits', options.qubits, { min: 1, integer: true });
  const maxQubits = LOCAL_SIMULATOR_CAPABILITIES.maxQubits;
  if (options.qubits > maxQubits) {
    throw new ResourceError(
      'RESOURCE_LIMIT',
      `quantumLayer asks for ${options.qubits} qubits; the state-vector simulator allows at most ${maxQubits}`,
      { scope: SCOPE, details: { qubits: options.qubits, maxQubits } },
    );
  }
  const parsed = optionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidArgument(
      `quantumLayer option ${issue?.path.join('.') ?? ''} is invalid: ${issue?.message ?? ''}`,
      { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) },
    );
  }
  const settings = parsed.data;
  const observables = readoutObservables(settings.qubits, settings.observables as QuantumReadout);
  for (const o of observables) {
    for (const term of o.terms) {
      for (const op of term.ops) {
        if (op.qubit >= settings.qubits) {
          throw invalidArgument(
            `quantumLayer observable acts on qubit ${op.qubit}, outside the ${settings.qubits}-qubit register`,
            { qubit: op.qubit, qubits: settings.qubits },
          );
        }
      }
    }
  }
  const circuit = buildQuantumCircuit(settings);
  const config = (): LayerConfig => ({ type: 'quantum', ...settings });
  return {
    type: 'quantum',
    outputSize: () => observables.length,
    paramCount: () => circuit.weights?.length ?? 0,
    config,
    build(buildOptions) {
      // Each built layer owns its simulator (and the worker threads it may start).
      const backend = gradientBackend({
        method: settings.diffMethod,
        circuit,
        seed: settings.seed,
      });
      const inner = backendLayer({ backend, circuit, observables, init: settings.init });
      return {
        ...withMetricTensor(inner.build(buildOptions), circuit),
        type: 'quantum',
        config,
        get workers() {
          return backend.workers;
        },
        useWorkers: (count, start) => backend.useWorkers(count, start),
        dispose: () => backend.dispose(),
      };
    },
  };
}

/** Rebuilds a {@link quantumLayer} from its saved config (`INVALID_CONFIG` when malformed). */
export function quantumLayerFromConfig(config: LayerConfig): LayerSpec {
  const { type: _type, ...rest } = config;
  const parsed = optionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw invalidArgument(
      `saved quantum layer config is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      {},
      'INVALID_CONFIG',
    );
  }
  return quantumLayer({
    ...parsed.data,
    observables: parsed.data.observables as QuantumReadout,
  });
}
