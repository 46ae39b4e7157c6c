export { formatPyFloat, parsePyFloat } from './internal/pyFloat.js';
export type { ArtifactSource, EndStatus, RunBackend } from './internal/trackedRun.js';
export { TrackedRun } from './internal/trackedRun.js';
export { LIMITS } from './internal/validate.js';
export { type FileTrackerOptions, fileTracker } from './sinks/fileTracker.js';
export { matchesSearch, type TrackSearchOptions } from './sinks/searchFilter.js';
export {
  type CreateRunInput,
  FileStore,
  type LogBatchInput,
  type StoredRun,
} from './store/fileStore.js';
export type { ExperimentMeta, RunMeta } from './store/metaFiles.js';
