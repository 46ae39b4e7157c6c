import { defineConfig } from 'tsup';

/**
 * The build every publishable Q-Store package shares: ESM with `.d.ts`, Node 20 target,
 * source maps, no bundling of dependencies.
 * @param {import('tsup').Options} [overrides] options merged over the preset
 */
export function qstoreTsup(overrides = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    platform: 'node',
    dts: true,
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...overrides,
  });
}
