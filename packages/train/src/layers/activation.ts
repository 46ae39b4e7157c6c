import { invalidArgument } from '../internal/errors.js';
import { shapePreservingLayer } from '../internal/shapePreservingLayer.js';
import type { LayerSpec } from '../layer.js';

/** The activation layers this package offers. */
export type ActivationName = 'relu' | 'tanh' | 'sigmoid' | 'softmax';

/** The names of the activation layers. */
export const ACTIVATIONS: readonly ActivationName[] = ['relu', 'tanh', 'sigmoid', 'softmax'];

type Kernel = {
  /** Writes the activation of `input` rows into `out`. */
  forward(input: Float64Array, out: Float64Array, width: number): void;
  /** Input gradient from the cached input `x`, output `y` and upstream `g`. */
  backward(state: {
    x: Float64Array;
    y: Float64Array;
    g: Float64Array;
    width: number;
  }): Float64Array;
};

function elementwise(f: (x: number) => number, df: (x: number, y: number) => number): Kernel {
  return {
    forward(input, out) {
      for (let i = 0; i < input.length; i++) out[i] = f(input[i]!);
    },
    backward({ x, y, g }) {
      const dx = new Float64Array(g.length);
      for (let i = 0; i < g.length; i++) dx[i] = g[i]! * df(x[i]!, y[i]!);
      return dx;
    },
  };
}

const softmaxKernel: Kernel = {
  forward(input, out, width) {
    for (let row = 0; row < input.length; row += width) {
      let max = -Infinity;
      for (let j = 0; j < width; j++) max = Math.max(max, input[row + j]!);
      let sum = 0;
      for (let j = 0; j < width; j++) {
        const e = Math.exp(input[row + j]! - max);
        out[row + j] = e;
        sum += e;
      }
      for (let j = 0; j < width; j++) out[row + j]! /= sum;
    }
  },
  backward({ y, g, width }) {
    const dx = new Float64Array(g.length);
    for (let row = 0; row < g.length; row += width) {
      let dot = 0;
      for (let j = 0; j < width; j++) dot += g[row + j]! * y[row + j]!;
      for (let j = 0; j < width; j++) dx[row + j] = y[row + j]! * (g[row + j]! - dot);
    }
    return dx;
  },
};

const KERNELS: Record<ActivationName, Kernel> = {
  relu: elementwise(
    (x) => Math.max(x, 0),
    (x) => (x > 0 ? 1 : 0),
  ),
  tanh: elementwise(Math.tanh, (_x, y) => 1 - y * y),
  sigmoid: elementwise(
    (x) => 1 / (1 + Math.exp(-x)),
    (_x, y) => y * (1 - y),
  ),
  softmax: softmaxKernel,
};

/**
 * A parameter-free activation layer by name: `relu`, `tanh`, `sigmoid`, or a row-wise `softmax`
 * (for probabilities; train on logits with `crossEntropy` instead, which is more stable).
 */
export function activation(name: ActivationName): LayerSpec {
  const kernel = KERNELS[name];
  if (kernel === undefined) {
    throw invalidArgument(`activation must be one of ${ACTIVATIONS.join(', ')}, got ${name}`);
  }
  return shapePreservingLayer({
    type: 'activation',
    config: () => ({ type: 'activation', activation: name }),
    passes: ({ inputSize, name: layerName }) => {
      let cache: { x: Float64Array; y: Float64Array } | undefined;
      return {
        forward(input, _batchSize, context) {
          const out = new Float64Array(input.length);
          kernel.forward(input, out, inputSize);
          cache = context.training ? { x: input, y: out } : undefined;
          return out;
        },
        backward(outputGrad) {
          if (cache === undefined) {
            throw invalidArgument(`${layerName}: backward needs a forward pass in training mode`);
          }
          return kernel.backward({ ...cache, g: outputGrad, width: inputSize });
        },
      };
    },
  });
}

/** `max(0, x)`. */
export const relu = (): LayerSpec => activation('relu');
/** The hyperbolic tangent. */
export const tanh = (): LayerSpec => activation('tanh');
/** `1 / (1 + e^-x)`. */
export const sigmoid = (): LayerSpec => activation('sigmoid');
/** Row-wise softmax. */
export const softmax = (): LayerSpec => activation('softmax');
