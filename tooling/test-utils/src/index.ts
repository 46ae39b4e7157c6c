export { expectQStoreError } from './expectQStoreError.js';
export { useTempDirs } from './tempDir.js';
export type { SourceAdapterSuiteOptions } from './testSourceAdapter.js';
export { testSourceAdapter } from './testSourceAdapter.js';
export { testTracker } from './testTracker.js';
