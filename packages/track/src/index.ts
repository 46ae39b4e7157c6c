export { compositeTracker } from './compositeTracker.js';
export { type CreateTrackerOptions, createTracker, TRACKER_SCHEMES } from './createTracker.js';
export { canLogHistograms, type HistogramOptions, type HistogramRun } from './histogramRun.js';
export { type BatchChunk, chunkBatch } from './mlflow/batching.js';
export type { HttpOptions } from './mlflow/http.js';
export { MlflowClient } from './mlflow/mlflowClient.js';
export { defaultSpoolDir, type SpoolEntry } from './mlflow/spool.js';
export { formatPyFloat, parsePyFloat } from './pyFloat.js';
export { type FileTracker, type FileTrackerOptions, fileTracker } from './sinks/fileTracker.js';
export {
  type MlflowTracker,
  type MlflowTrackerOptions,
  mlflowTracker,
} from './sinks/mlflowTracker.js';
export { matchesSearch, type TrackSearchOptions } from './sinks/searchFilter.js';
export {
  type TensorBoardRun,
  type TensorBoardTracker,
  type TensorBoardTrackerOptions,
  tensorboardTracker,
} from './sinks/tensorboardTracker.js';
export {
  type CreateRunInput,
  FileStore,
  type LogBatchInput,
  type StoredRun,
} from './store/fileStore.js';
export type { ExperimentMeta, RunMeta } from './store/metaFiles.js';
export {
  EventFileWriter,
  type EventFileWriterOptions,
  frameRecord,
} from './tensorboard/eventFileWriter.js';
export { type Histogram, type HParamValue, histogramOf } from './tensorboard/events.js';
export {
  decodeEvent,
  type EventRecord,
  readEventFile,
  type SummaryValueRecord,
} from './tensorboard/readEventFile.js';
export type { ArtifactSource, EndStatus, RunBackend } from './trackedRun.js';
export { safeArtifactPath, TrackedRun } from './trackedRun.js';
export {
  flattenParams,
  type TrackingCallbackOptions,
  trackingCallback,
} from './trackingCallback.js';
export { LIMITS, validateKey } from './validate.js';
