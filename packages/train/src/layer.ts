import type { Rng } from '@qstore/core';
import type { UseWorkersOptions } from './internal/threadedSimulator.js';

/** What a layer's forward pass may need besides its input. */
export interface ForwardContext {
  /** Training mode: dropout drops, layers cache what `backward` needs. */
  readonly training: boolean;
  /** The random source of stochastic layers (dropout) in this pass; the trainer passes its own. */
  readonly rng?: Rng;
  /** Cancels slow layers (a quantum backend call). */
  readonly signal?: AbortSignal;
}

/** A named part of a layer's flat parameter vector, e.g. `kernel` `[in, out]` at offset 0. */
export interface ParamSlice {
  readonly name: string;
  readonly offset: number;
  readonly length: number;
  readonly shape: readonly number[];
}

/** The JSON form of a layer: its `type` and the options that rebuild it. */
export interface LayerConfig {
  readonly type: string;
  readonly [option: string]: unknown;
}

/**
 * A built layer working on row-major `Float64Array` batches (`batchSize × inputSize` in,
 * `batchSize × outputSize` out). `forward` in training mode caches what `backward` needs;
 * `backward` takes the gradient of the loss with respect to the output, returns the gradient with
 * respect to the input and adds the parameter gradients into `grads` (the caller zeroes them).
 */
export interface Layer {
  readonly type: string;
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  /** All parameters as one flat vector (a view into the model's vector inside a model). */
  readonly params: Float64Array;
  /** The accumulated gradient of `params`, same layout. */
  readonly grads: Float64Array;
  /** The named parts of `params`. */
  readonly slices: readonly ParamSlice[];
  forward(
    input: Float64Array,
    batchSize: number,
    context: ForwardContext,
  ): Float64Array | Promise<Float64Array>;
  backward(outputGrad: Float64Array, batchSize: number): Float64Array | Promise<Float64Array>;
  /** The JSON form that rebuilds this layer (weights excluded). */
  config(): LayerConfig;
  /**
   * Circuit layers only: the Fubini–Study metric tensor of `params` (`params.length²`,
   * row-major), averaged over the rows of the last training-mode forward pass. Used by the
   * quantum natural gradient optimizer `qng`.
   */
  metricTensor?(options: { readonly approx: 'block-diag' | 'diag' }): Float64Array;
  /** Worker threads the layer runs its batches on (1: the calling thread); absent when it has none. */
  readonly workers?: number;
  /**
   * Runs the layer's batches over `count` worker threads from now on, each batch's rows split
   * between them with results bit-identical to one thread; 1 stops the threads. Layers without
   * it always run on the calling thread. Resolves when the threads are ready, or at once with
   * `{ wait: false }` (the calling thread runs the batches until then).
   */
  useWorkers?(count: number, options?: UseWorkersOptions): Promise<void>;
  /** Releases what the layer holds (worker threads); the layer still works afterwards, on one thread. */
  dispose?(): Promise<void>;
}

/** What a layer spec is built with. */
export interface LayerBuildOptions {
  readonly inputSize: number;
  /** The layer's parameter vector, `paramCount(inputSize)` long, to initialise. */
  readonly params: Float64Array;
  /** The layer's gradient vector, same length. */
  readonly grads: Float64Array;
  /** The random source of initialisation. */
  readonly rng: Rng;
  /** The layer's unique name in its model. */
  readonly name: string;
}

/**
 * An unbuilt layer: what `sequential` takes. It knows its output size and parameter count for an
 * input size, and builds a {@link Layer} on parameter storage the model owns.
 */
export interface LayerSpec {
  readonly type: string;
  outputSize(inputSize: number): number;
  paramCount(inputSize: number): number;
  build(options: LayerBuildOptions): Layer;
  config(): LayerConfig;
}
