export type { Callback, Logs, TrainingContext } from './callback.js';
export type { DataSplit, Dataset, DatasetMetadata, LineageStep, SplitName } from './dataset.js';
export { createDataset, getSplit, inputShape, numSamples, SPLIT_NAMES } from './dataset.js';
export type { DatasetConfig, ResolvedDatasetConfig, SplitRatios } from './datasetConfig.js';
export {
  datasetConfigSchema,
  preprocessingStepSchema,
  splitRatiosSchema,
} from './datasetConfig.js';
export type { ErrorCode, ErrorCodeOf, ErrorFamily } from './errorCodes.js';
export { ERROR_CODES, errorFamilyOf, isErrorCode } from './errorCodes.js';
export type { QStoreErrorOptions } from './errors.js';
export {
  FormatError,
  isQStoreError,
  NetworkError,
  NotFoundError,
  QStoreError,
  ResourceError,
  StateError,
  StorageError,
  ValidationError,
} from './errors.js';
export type { ParseWithSchemaOptions } from './parseWithSchema.js';
export { parseWithSchema } from './parseWithSchema.js';
export type { LongWorkOptions, ProgressEvent, ProgressListener } from './progress.js';
export type {
  AnomalyRecord,
  LineageRecord,
  QualityAssessmentRecord,
  QualityDimension,
  QualityStore,
  SplitRecord,
} from './qualityStore.js';
export { QUALITY_DIMENSIONS } from './qualityStore.js';
export type {
  BackendCapabilities,
  CircuitIR,
  ExecuteRequest,
  ExecuteResult,
  GateName,
  GateOperation,
  Observable,
  ParamValue,
  PauliTerm,
  QuantumBackend,
  VjpResult,
} from './quantumBackend.js';
export { GATE_NAMES } from './quantumBackend.js';
export type { QuboProblem, QuboSolution, QuboSolveOptions, QuboSolver } from './quboSolver.js';
export type { Named, Registry } from './registry.js';
export { createRegistry } from './registry.js';
export type { Rng, RngState, Seed } from './rng.js';
export { createRng, restoreRng } from './rng.js';
export type {
  DatasetInfo,
  SampleBatch,
  SourceAdapter,
  SourceLoadContext,
} from './sourceAdapter.js';
export type {
  Distribution,
  ParamPrimitive,
  StudyDirection,
  StudyRecord,
  StudyStorage,
  TrialRecord,
  TrialState,
} from './studyStorage.js';
export { TRIAL_STATES } from './studyStorage.js';
export type { DType, DTypeArrayMap, Tensor, TensorData, TypedArrayOf } from './tensor.js';
export {
  allocate,
  DTYPES,
  dtypeOf,
  fromNested,
  sizeOf,
  tensor,
  validateTensor,
  zeros,
} from './tensor.js';
export { castTensor, numRows, reshape, rowAt, rowSize, sliceRows, takeRows } from './tensorOps.js';
export type {
  LogMetricOptions,
  MetricPoint,
  Run,
  RunInfo,
  RunRecord,
  RunStatus,
  SearchRunsOptions,
  StartRunOptions,
  Tracker,
} from './tracker.js';
export { RUN_STATUSES } from './tracker.js';
