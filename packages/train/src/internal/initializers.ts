import type { Rng } from '@qstore/core';

/** How a weight matrix is initialised: Glorot (Xavier) or He (Kaiming), uniform or normal. */
export type Initializer = 'glorot-uniform' | 'glorot-normal' | 'he-uniform' | 'he-normal' | 'zeros';

/** The names of the initialisers, for validation. */
export const INITIALIZERS: readonly Initializer[] = [
  'glorot-uniform',
  'glorot-normal',
  'he-uniform',
  'he-normal',
  'zeros',
];

/** Fills `target` for a `fanIn × fanOut` matrix with the chosen scheme, drawing from `rng`. */
export function initialize(
  target: Float64Array,
  scheme: Initializer,
  fan: { fanIn: number; fanOut: number; rng: Rng },
): void {
  const { fanIn, fanOut, rng } = fan;
  if (scheme === 'zeros') {
    target.fill(0);
    return;
  }
  const glorot = scheme.startsWith('glorot');
  const variance = glorot ? 2 / (fanIn + fanOut) : 2 / fanIn;
  if (scheme.endsWith('uniform')) {
    const limit = Math.sqrt(3 * variance);
    for (let i = 0; i < target.length; i++) target[i] = rng.uniform(-limit, limit);
  } else {
    const std = Math.sqrt(variance);
    for (let i = 0; i < target.length; i++) target[i] = rng.normal(0, std);
  }
}
