import { createRng } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { spsa } from './spsa.js';

const quadratic = (params: Float64Array) => async () =>
  params.reduce((s, p, i) => s + (p - i) ** 2, 0);

describe('spsa', () => {
  it('should take one step with the two-sided estimate along a seeded ±1 direction', async () => {
    const params = Float64Array.from([1, -2, 0.5]);
    const origin = Float64Array.from(params);
    const grads = new Float64Array(3);
    await spsa({ lr: 0.1, perturbation: 0.2, seed: 9 }).step(params, grads, quadratic(params));
    // Reproduce the first step from its definition: Δ from the same seeded source, a₀ = lr, c₀ = c.
    const rng = createRng(9);
    const delta = origin.map(() => (rng.next() < 0.5 ? -1 : 1));
    const f = (p: Float64Array) => p.reduce((s, v, i) => s + (v - i) ** 2, 0);
    const diff =
      f(origin.map((p, i) => p + 0.2 * delta[i]!)) - f(origin.map((p, i) => p - 0.2 * delta[i]!));
    origin.forEach((p, i) => {
      expect(grads[i]).toBeCloseTo(diff / (2 * 0.2 * delta[i]!), 12);
      expect(params[i]).toBeCloseTo(p - 0.1 * grads[i]!, 12);
    });
  });

  it('should minimise a quadratic and continue identically after a state round trip', async () => {
    const run = async (split: boolean) => {
      const params = new Float64Array(6).fill(3);
      let optimizer = spsa({ lr: 0.2, seed: 'q' });
      for (let k = 0; k < 300; k++) {
        if (split && k === 150) {
          const state = JSON.parse(JSON.stringify(optimizer.getState()));
          optimizer = spsa({ lr: 0.2, seed: 'other' });
          optimizer.setState(state);
        }
        await optimizer.step(params, new Float64Array(6), quadratic(params));
      }
      return params;
    };
    const straight = await run(false);
    expect(await quadratic(straight)()).toBeLessThan(1e-3);
    expect(await run(true)).toEqual(straight);
  });

  it('should need a loss probe and refuse foreign state', async () => {
    await expectQStoreError(
      () => spsa({ lr: 0.1 }).step(new Float64Array(1), new Float64Array(1)),
      'INVALID_ARGUMENT',
    );
    await expectQStoreError(
      () => spsa({ lr: 0.1 }).setState({ name: 'adam' }),
      'CHECKPOINT_MISMATCH',
    );
    await expectQStoreError(() => spsa({ lr: 0.1, perturbation: 0 }), 'INVALID_ARGUMENT');
  });
});
