import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The test setup every Q-Store package shares: node environment, tests next to the code and
 * under `test/`, and a JSON report that the root summary reads. Type tests (`*.test-d.ts` with
 * `expectTypeOf`) are compiled by `tsc` in each package's typecheck task, where a wrong type fails.
 * @param {import('vitest/config').ViteUserConfig['test']} [overrides] test options merged over the preset
 */
export function qstoreVitest(overrides = {}) {
  return defineConfig({
    test: {
      environment: 'node',
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      reporters: ['default', ['json', { outputFile: '.vitest/report.json' }]],
      globalSetup: [fileURLToPath(new URL('./vitest.globalSetup.js', import.meta.url))],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      ...overrides,
    },
  });
}
