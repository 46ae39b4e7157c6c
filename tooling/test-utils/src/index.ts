export { expectQStoreError } from './expectQStoreError.js';
export { useTempDirs } from './tempDir.js';
export { testTracker } from './testTracker.js';
