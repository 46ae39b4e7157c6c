import type { ViteUserConfig } from 'vitest/config';

/** The test setup every Q-Store package shares. */
export declare function qstoreVitest(overrides?: ViteUserConfig['test']): ViteUserConfig;
