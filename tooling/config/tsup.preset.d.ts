import type { Options } from 'tsup';

/** The build every publishable Q-Store package shares: ESM + `.d.ts` for Node 20. */
export declare function qstoreTsup(
  overrides?: Options,
): ReturnType<typeof import('tsup').defineConfig>;
