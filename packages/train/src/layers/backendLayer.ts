import type { CircuitIR, ExecuteRequest, Observable, QuantumBackend } from '@qstore/core';
import { ResourceError } from '@qstore/core';
import { invalidArgument, SCOPE } from '../internal/errors.js';
import type { Layer, LayerConfig, LayerSpec } from '../layer.js';

/** Options of {@link backendLayer}. */
export interface BackendLayerOptions {
  /** Runs the circuit; its `vjp` gives the gradients in training. */
  backend: QuantumBackend;
  /** `circuit.inputs` are bound per row from the layer's input, `circuit.weights` are trained. */
  circuit: CircuitIR;
  /** One output per observable: its expectation value. */
  observables: readonly Observable[];
  /** Initial weights: uniform in [-π, π), small normal (σ = 0.1) or zeros. @default 'uniform' */
  init?: 'uniform' | 'normal' | 'zeros';
}

/**
 * A layer whose outputs are the expectation values of a parameterised circuit run on any core
 * `QuantumBackend`: the forward pass is one batched `execute`, the backward pass one batched
 * `vjp` giving both the weight gradient (accumulated into `grads`) and the input gradient (passed
 * to the layers below). This is the slot the simulator-backed `quantumLayer` plugs into.
 */
export function backendLayer(options: BackendLayerOptions): LayerSpec {
  const { backend, circuit, observables } = options;
  const init = options.init ?? 'uniform';
  const inputs = circuit.inputs?.length ?? 0;
  const weights = circuit.weights?.length ?? 0;
  if (observables.length === 0) throw invalidArgument('backendLayer needs at least one observable');
  if (circuit.numQubits > backend.capabilities.maxQubits) {
    throw new ResourceError(
      'RESOURCE_LIMIT',
      `backendLayer circuit has ${circuit.numQubits} qubits; backend ${backend.name} allows at most ${backend.capabilities.maxQubits}`,
      {
        scope: SCOPE,
        details: { qubits: circuit.numQubits, maxQubits: backend.capabilities.maxQubits },
      },
    );
  }
  const config = (): LayerConfig => ({
    type: 'backend-circuit',
    backend: backend.name,
    circuit,
    observables,
    init,
  });
  return {
    type: 'backend-circuit',
    outputSize: () => observables.length,
    paramCount: () => weights,
    config,
    build({ inputSize, params, grads, rng, name }): Layer {
      if (inputSize !== inputs) {
        throw invalidArgument(
          `${name}: the circuit binds ${inputs} inputs per row but the layer receives ${inputSize}`,
          { expected: inputs, actual: inputSize },
          'SHAPE_MISMATCH',
        );
      }
      for (let i = 0; i < params.length; i++) {
        params[i] =
          init === 'zeros'
            ? 0
            : init === 'normal'
              ? rng.normal(0, 0.1)
              : rng.uniform(-Math.PI, Math.PI);
      }
      let cached: ExecuteRequest | undefined;
      return {
        type: 'backend-circuit',
        name,
        inputSize,
        outputSize: observables.length,
        params,
        grads,
        slices:
          weights > 0 ? [{ name: 'weights', offset: 0, length: weights, shape: [weights] }] : [],
        config,
        async forward(input, batchSize, context) {
          const request: ExecuteRequest = {
            circuit,
            inputs: input,
            weights: Float64Array.from(params),
            batchSize,
            observables,
            ...(context.signal ? { signal: context.signal } : {}),
            // In training the backward pass's `vjp` of this request follows.
            ...(context.training ? { keepForVjp: true } : {}),
          };
          cached = context.training ? request : undefined;
          return (await backend.execute(request)).expectations;
        },
        async backward(outputGrad) {
          if (cached === undefined)
            throw invalidArgument(`${name}: backward needs a forward pass in training mode`);
          if (backend.vjp === undefined) {
            throw invalidArgument(
              `${name}: backend ${backend.name} offers no vjp, so the layer cannot be trained by gradient`,
            );
          }
          const result = await backend.vjp(cached, outputGrad);
          for (let i = 0; i < grads.length; i++) grads[i]! += result.weightGradient[i]!;
          return result.inputGradient;
        },
      };
    },
  };
}
