export { expectQStoreError } from './expectQStoreError.js';
export { useTempDirs } from './tempDir.js';
