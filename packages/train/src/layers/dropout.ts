import { createRng, type Rng, type Seed } from '@qstore/core';
import { checkNumber, invalidArgument } from '../internal/errors.js';
import { shapePreservingLayer } from '../internal/shapePreservingLayer.js';
import type { LayerSpec } from '../layer.js';

/** Options of {@link dropout}. */
export interface DropoutOptions {
  /** The fraction of inputs zeroed in training, in [0, 1). */
  rate: number;
  /** Seed of the layer's own random source, used when the forward pass brings none. @default 0 */
  seed?: Seed;
}

/**
 * Inverted dropout: in training, zeroes each input with probability `rate` and scales the rest by
 * `1 / (1 - rate)`; identity in inference. Draws from the pass's `rng` (the trainer's, so that a
 * resumed run draws the same masks) or else from its own seeded source.
 */
export function dropout(options: DropoutOptions): LayerSpec {
  const rate = checkNumber('dropout rate', options.rate, { min: 0, max: 0.999999 });
  const seed = options.seed ?? 0;
  return shapePreservingLayer({
    type: 'dropout',
    config: () => ({ type: 'dropout', rate, seed }),
    passes: ({ name }) => {
      const ownRng: Rng = createRng(seed);
      let mask: Float64Array | undefined;
      return {
        forward(input, _batchSize, context) {
          if (!context.training || rate === 0) {
            mask = undefined;
            return input;
          }
          const rng = context.rng ?? ownRng;
          const keep = 1 / (1 - rate);
          const m = new Float64Array(input.length);
          const out = new Float64Array(input.length);
          for (let i = 0; i < input.length; i++) {
            m[i] = rng.next() < rate ? 0 : keep;
            out[i] = input[i]! * m[i]!;
          }
          mask = m;
          return out;
        },
        backward(outputGrad) {
          if (mask === undefined) return outputGrad;
          if (mask.length !== outputGrad.length) {
            throw invalidArgument(`${name}: backward batch differs from the forward batch`);
          }
          const dx = new Float64Array(outputGrad.length);
          for (let i = 0; i < dx.length; i++) dx[i] = outputGrad[i]! * mask[i]!;
          return dx;
        },
      };
    },
  });
}
