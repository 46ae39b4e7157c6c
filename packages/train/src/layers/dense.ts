import { checkNumber, invalidArgument } from '../internal/errors.js';
import { INITIALIZERS, type Initializer, initialize } from '../internal/initializers.js';
import type { Layer, LayerBuildOptions, LayerConfig, LayerSpec } from '../layer.js';

/** Options of {@link dense}. */
export interface DenseOptions {
  /** Output features. */
  units: number;
  /** How the kernel is initialised. @default 'glorot-uniform' */
  init?: Initializer;
  /** Whether the layer adds a bias. @default true */
  bias?: boolean;
}

/**
 * A fully connected layer `y = x · kernel + bias`, kernel `[inputSize, units]` row-major, then
 * bias `[units]`, seeded initialisation (Glorot uniform by default, He for ReLU stacks).
 */
export function dense(options: DenseOptions): LayerSpec {
  const units = checkNumber('dense units', options.units, { min: 1, integer: true });
  const init = options.init ?? 'glorot-uniform';
  if (!INITIALIZERS.includes(init)) {
    throw invalidArgument(`dense init must be one of ${INITIALIZERS.join(', ')}, got ${init}`);
  }
  const useBias = options.bias ?? true;
  const config = (): LayerConfig => ({ type: 'dense', units, init, bias: useBias });
  return {
    type: 'dense',
    outputSize: () => units,
    paramCount: (inputSize) => inputSize * units + (useBias ? units : 0),
    config,
    build: (build) => buildDense(build, { units, init, useBias, config }),
  };
}

function buildDense(
  build: LayerBuildOptions,
  settings: { units: number; init: Initializer; useBias: boolean; config: () => LayerConfig },
): Layer {
  const { inputSize, params, grads, rng, name } = build;
  const { units, useBias } = settings;
  const kernelSize = inputSize * units;
  const kernel = params.subarray(0, kernelSize);
  const kernelGrad = grads.subarray(0, kernelSize);
  const bias = params.subarray(kernelSize);
  const biasGrad = grads.subarray(kernelSize);
  initialize(kernel, settings.init, { fanIn: inputSize, fanOut: units, rng });
  bias.fill(0);
  let cachedInput: Float64Array | undefined;
  const slices = [{ name: 'kernel', offset: 0, length: kernelSize, shape: [inputSize, units] }];
  if (useBias) slices.push({ name: 'bias', offset: kernelSize, length: units, shape: [units] });

  return {
    type: 'dense',
    name,
    inputSize,
    outputSize: units,
    params,
    grads,
    slices,
    config: settings.config,
    forward(input, batchSize, context) {
      const out = new Float64Array(batchSize * units);
      for (let b = 0; b < batchSize; b++) {
        const row = b * units;
        if (useBias) out.set(bias, row);
        for (let i = 0; i < inputSize; i++) {
          const x = input[b * inputSize + i]!;
          if (x === 0) continue;
          const k = i * units;
          for (let o = 0; o < units; o++) out[row + o]! += x * kernel[k + o]!;
        }
      }
      cachedInput = context.training ? input : undefined;
      return out;
    },
    backward(outputGrad, batchSize) {
      const input = cachedInput;
      if (input === undefined) {
        throw invalidArgument(`${name}: backward needs a forward pass in training mode first`);
      }
      const inputGrad = new Float64Array(batchSize * inputSize);
      for (let b = 0; b < batchSize; b++) {
        const row = b * units;
        for (let i = 0; i < inputSize; i++) {
          const x = input[b * inputSize + i]!;
          const k = i * units;
          let sum = 0;
          for (let o = 0; o < units; o++) {
            const g = outputGrad[row + o]!;
            kernelGrad[k + o]! += x * g;
            sum += g * kernel[k + o]!;
          }
          inputGrad[b * inputSize + i] = sum;
        }
        if (useBias) for (let o = 0; o < units; o++) biasGrad[o]! += outputGrad[row + o]!;
      }
      return inputGrad;
    },
  };
}
