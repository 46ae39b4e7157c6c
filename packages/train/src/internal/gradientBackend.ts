import type { CircuitIR, ExecuteRequest, VjpResult } from '@qstore/core';
import { CompiledCircuit, gradient } from '@qstore/quantum-sim';
import { invalidArgument } from './errors.js';
import { type ThreadedBackend, threadedSimulator } from './threadedSimulator.js';

/** How a quantum layer differentiates its circuit. */
export type DiffMethod = 'adjoint' | 'parameter-shift' | 'spsa';

/** Options of {@link gradientBackend}. */
export interface GradientBackendOptions {
  readonly method: DiffMethod;
  /** The one circuit this backend runs (compiled once for the row-by-row gradients). */
  readonly circuit: CircuitIR;
  /** Seed of SPSA's random directions (mixed with the weights, so each step draws anew). */
  readonly seed: number;
}

const NONE = new Float64Array(0);

/** FNV-1a over the bytes of `values`, mixed with `seed`: a deterministic per-step SPSA seed. */
function stepSeed(seed: number, values: Float64Array): number {
  let hash = (2166136261 ^ seed) >>> 0;
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 16777619) >>> 0;
  return hash;
}

/**
 * The local simulator of the layer's circuit ({@link threadedSimulator}: on the calling thread or
 * over worker threads) whose `vjp` uses `method`: adjoint differentiation (in the workers when
 * there are any), or, row by row on the calling thread, `@qstore/quantum-sim`'s parameter-shift
 * rule or a seeded SPSA estimate (the SPSA seed of a step depends on `seed` and the step's weights
 * and inputs, so a run is reproducible and a resumed run draws the same directions).
 */
export function gradientBackend(options: GradientBackendOptions): ThreadedBackend {
  const simulator = threadedSimulator(options.circuit);
  if (options.method === 'adjoint') return simulator;
  const compiled = new CompiledCircuit(options.circuit);
  return {
    name: `local-simulator/${options.method}`,
    capabilities: simulator.capabilities,
    get workers() {
      return simulator.workers;
    },
    useWorkers: (count, start) => simulator.useWorkers(count, start),
    // Its `vjp` does not start from the forward pass's states: nothing to keep for it.
    execute: (request) => simulator.execute({ ...request, keepForVjp: false }),
    async vjp(request: ExecuteRequest, upstream: Float64Array): Promise<VjpResult> {
      if (request.circuit !== options.circuit) {
        throw invalidArgument(
          `the ${options.method} backend of a quantum layer runs only its own circuit`,
        );
      }
      const batchSize = request.batchSize ?? 1;
      const numInputs = compiled.inputNames.length;
      const numObs = request.observables.length;
      const { expectations } = await simulator.execute(request);
      const weightGradient = new Float64Array(compiled.weightNames.length);
      const inputGradient = new Float64Array(batchSize * numInputs);
      for (let row = 0; row < batchSize; row++) {
        request.signal?.throwIfAborted();
        const inputs = request.inputs?.subarray(row * numInputs, (row + 1) * numInputs);
        const result = gradient(compiled, {
          method: options.method,
          ...(inputs !== undefined ? { inputs } : {}),
          ...(request.weights !== undefined ? { weights: request.weights } : {}),
          observables: request.observables,
          upstream: upstream.subarray(row * numObs, (row + 1) * numObs),
          seed: stepSeed(stepSeed(options.seed, request.weights ?? NONE), inputs ?? NONE),
        });
        for (let w = 0; w < weightGradient.length; w++) weightGradient[w]! += result.weights[w]!;
        inputGradient.set(result.inputs, row * numInputs);
      }
      return { expectations, weightGradient, inputGradient };
    },
    dispose: () => simulator.dispose(),
  };
}
