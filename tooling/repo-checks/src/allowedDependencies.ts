/**
 * The sibling packages each publishable package may depend on, from DESIGN.md: everything points
 * at core; train uses quantum-sim; plugins point inward (track never imports train, data never
 * imports backend-client).
 */
export const ALLOWED_SIBLINGS: Readonly<Record<string, readonly string[]>> = {
  '@qstore/core': [],
  '@qstore/quantum-sim': ['@qstore/core'],
  '@qstore/data': ['@qstore/core'],
  '@qstore/backend-client': ['@qstore/core'],
  '@qstore/track': ['@qstore/core'],
  '@qstore/tune': ['@qstore/core'],
  '@qstore/quality': ['@qstore/core'],
  '@qstore/train': ['@qstore/core', '@qstore/quantum-sim'],
};

/** The only runtime dependencies core may have. */
export const CORE_RUNTIME_DEPENDENCIES = ['seedrandom', 'zod'] as const;
