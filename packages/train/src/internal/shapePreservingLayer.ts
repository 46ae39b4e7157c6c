import type { Layer, LayerConfig, LayerSpec } from '../layer.js';

/** The passes of a parameter-free layer whose output has the input's shape. */
export type ShapePreservingPasses = Pick<Layer, 'forward' | 'backward'>;

/**
 * The spec of a parameter-free layer whose output size equals its input size (activations,
 * dropout); `passes` makes the forward/backward pair of one built instance.
 */
export function shapePreservingLayer(options: {
  type: string;
  config: () => LayerConfig;
  passes: (build: { inputSize: number; name: string }) => ShapePreservingPasses;
}): LayerSpec {
  const { type, config } = options;
  return {
    type,
    outputSize: (inputSize) => inputSize,
    paramCount: () => 0,
    config,
    build: ({ inputSize, params, grads, name }) => ({
      type,
      name,
      inputSize,
      outputSize: inputSize,
      params,
      grads,
      slices: [],
      config,
      ...options.passes({ inputSize, name }),
    }),
  };
}
