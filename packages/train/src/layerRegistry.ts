import { NotFoundError } from '@qstore/core';
import { SCOPE } from './internal/errors.js';
import type { Initializer } from './internal/initializers.js';
import type { LayerConfig, LayerSpec } from './layer.js';
import { type ActivationName, activation } from './layers/activation.js';
import { dense } from './layers/dense.js';
import { dropout } from './layers/dropout.js';
import { quantumLayerFromConfig } from './layers/quantumLayer.js';

/** Rebuilds a layer spec from its JSON config. */
export type LayerFactory = (config: LayerConfig) => LayerSpec;

/** The factories of the built-in layers, by `type`. */
export const BUILTIN_LAYERS: Readonly<Record<string, LayerFactory>> = {
  dense: (c) =>
    dense({
      units: c['units'] as number,
      init: c['init'] as Initializer,
      bias: c['bias'] as boolean,
    }),
  activation: (c) => activation(c['activation'] as ActivationName),
  dropout: (c) => dropout({ rate: c['rate'] as number, seed: c['seed'] as number }),
  quantum: quantumLayerFromConfig,
};

/**
 * The spec that a layer config describes, looked up by `type` in `factories` (e.g. a quantum
 * layer bound to a backend) and then in the built-ins.
 */
export function layerFromConfig(
  config: LayerConfig,
  factories: Readonly<Record<string, LayerFactory>> = {},
): LayerSpec {
  const factory = factories[config.type] ?? BUILTIN_LAYERS[config.type];
  if (factory === undefined) {
    const known = [...new Set([...Object.keys(factories), ...Object.keys(BUILTIN_LAYERS)])];
    throw new NotFoundError(
      'UNKNOWN_PLUGIN',
      `no layer type "${config.type}"; known: ${known.join(', ')}`,
      {
        scope: SCOPE,
        details: { type: config.type, known },
      },
    );
  }
  return factory(config);
}
