export { expectQStoreError } from './expectQStoreError.js';
export type { SourceAdapterSuiteOptions } from './testSourceAdapter.js';
export { testSourceAdapter } from './testSourceAdapter.js';
export { useTempDirs } from './tempDir.js';
