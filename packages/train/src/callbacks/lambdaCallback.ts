import type { Callback } from '@qstore/core';

/** A callback from plain functions for any subset of the hooks (Keras' `LambdaCallback`). */
export function lambdaCallback(hooks: Omit<Callback, 'name'> & { name?: string }): Callback {
  return { name: hooks.name ?? 'lambda', ...hooks };
}
