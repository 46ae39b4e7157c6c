import { createRng, type Seed } from '@qstore/core';
import { checkNumber, invalidArgument } from './internal/errors.js';
import { MAX_WORKERS, type UseWorkersOptions } from './internal/threadedSimulator.js';
import type { ForwardContext, Layer, LayerConfig, LayerSpec } from './layer.js';
import { modelSummary } from './modelSummary.js';

/** The JSON form of a model's architecture: enough to rebuild it, without weights. */
export interface ModelArchitecture {
  readonly format: 'qstore-model';
  readonly version: 1;
  readonly inputSize: number;
  readonly layers: readonly LayerConfig[];
}

/** A stack of layers sharing one flat parameter vector, trained as a whole. */
export interface Model {
  readonly inputSize: number;
  readonly outputSize: number;
  readonly layers: readonly Layer[];
  /** Every parameter of every layer; each layer's `params` is a view into it. */
  readonly params: Float64Array;
  /** The gradient of `params`, same layout. */
  readonly grads: Float64Array;
  /** `params.length`. */
  readonly parameterCount: number;
  /** Runs the batch through every layer. */
  forward(input: Float64Array, batchSize: number, context: ForwardContext): Promise<Float64Array>;
  /** Back-propagates `outputGrad` through every layer, accumulating into `grads`. */
  backward(outputGrad: Float64Array, batchSize: number): Promise<Float64Array>;
  /** The architecture for `saveModel`/`loadModel` and checkpoint checks. */
  architecture(): ModelArchitecture;
  /** A text table of layers, output sizes and parameter counts. */
  summary(): string;
  /** Worker threads the quantum layers run on (1: the calling thread). */
  readonly workers: number;
  /**
   * Runs the batches of the layers that support it (quantum layers) over `count` worker threads:
   * each batch's rows are split between the threads, forward and backward, and the results are
   * bit-identical to one thread. `1` stops the threads. Call {@link Model.dispose} (or let
   * `QuantumTrainer` manage it) when done. Resolves when the threads are ready (starting them
   * takes a few hundred milliseconds); with `{ wait: false }` at once, the batches running on
   * the calling thread until the threads are ready, with the same results. Calling it again
   * with the same count waits for threads still starting.
   */
  useWorkers(count: number, options?: UseWorkersOptions): Promise<void>;
  /** Stops every worker thread of the model; it keeps working on the calling thread. */
  dispose(): Promise<void>;
  /** {@link Model.dispose}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options of {@link sequential}. */
export interface SequentialOptions {
  /** Features per input row. */
  inputSize: number;
  /** Seed of weight initialisation. @default 0 */
  seed?: Seed;
}

/**
 * Builds layers one after the other into a {@link Model}: each layer's input size is the previous
 * layer's output size, and all parameters live in one `Float64Array` initialised from `seed`.
 */
export function sequential(specs: readonly LayerSpec[], options: SequentialOptions): Model {
  const inputSize = checkNumber('sequential inputSize', options.inputSize, {
    min: 1,
    integer: true,
  });
  if (specs.length === 0) throw invalidArgument('sequential needs at least one layer');
  const shapes: { inputSize: number; count: number; offset: number }[] = [];
  let size = inputSize;
  let total = 0;
  for (const spec of specs) {
    const count = spec.paramCount(size);
    shapes.push({ inputSize: size, count, offset: total });
    total += count;
    size = spec.outputSize(size);
  }
  const params = new Float64Array(total);
  const grads = new Float64Array(total);
  const rng = createRng(options.seed ?? 0);
  const layers = specs.map((spec, index) => {
    const shape = shapes[index]!;
    return spec.build({
      inputSize: shape.inputSize,
      params: params.subarray(shape.offset, shape.offset + shape.count),
      grads: grads.subarray(shape.offset, shape.offset + shape.count),
      rng,
      name: `${spec.type}_${index}`,
    });
  });
  let workers = 1;
  const model: Model = {
    inputSize,
    outputSize: size,
    layers,
    params,
    grads,
    parameterCount: total,
    async forward(input, batchSize, context) {
      if (input.length !== batchSize * inputSize) {
        throw invalidArgument(
          `model input must hold ${batchSize} × ${inputSize} values, got ${input.length}`,
          { expected: batchSize * inputSize, actual: input.length },
          'SHAPE_MISMATCH',
        );
      }
      let x = input;
      for (const layer of layers) x = await layer.forward(x, batchSize, context);
      return x;
    },
    async backward(outputGrad, batchSize) {
      let g = outputGrad;
      for (let i = layers.length - 1; i >= 0; i--) g = await layers[i]!.backward(g, batchSize);
      return g;
    },
    architecture: () => ({
      format: 'qstore-model',
      version: 1,
      inputSize,
      layers: layers.map((layer) => layer.config()),
    }),
    summary: () => modelSummary(model),
    get workers() {
      return workers;
    },
    async useWorkers(count, start) {
      checkNumber('workers', count, { min: 1, max: MAX_WORKERS, integer: true });
      try {
        for (const layer of layers) await layer.useWorkers?.(count, start);
      } catch (error) {
        await model.dispose();
        throw error;
      }
      workers = count;
    },
    async dispose() {
      workers = 1;
      await Promise.all(layers.map((layer) => layer.dispose?.()));
    },
    [Symbol.asyncDispose]: () => model.dispose(),
  };
  return model;
}
