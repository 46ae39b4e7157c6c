// preparing
export type { AugmentationStep } from './prep/augmentation/augmentationConfig.js';
export { augmentationStepSchema } from './prep/augmentation/augmentationConfig.js';
export type { Augmentation } from './prep/augmentation/createAugmentation.js';
export {
  augment,
  augmentationTransform,
  createAugmentation,
} from './prep/augmentation/createAugmentation.js';
export type { HybridAugmentationOptions } from './prep/augmentation/hybridAugmentation.js';
export { createHybridAugmentation } from './prep/augmentation/hybridAugmentation.js';
export type { QuantumAugmentationOptions } from './prep/augmentation/quantumAugmentation.js';
export {
  amplitudeNoise,
  phaseShift,
  randomRotation,
} from './prep/augmentation/quantumAugmentation.js';
export type { AmplitudeEncodeOptions } from './prep/encoding/amplitudeEncode.js';
export { amplitudeEncode } from './prep/encoding/amplitudeEncode.js';
export type { AngleEncodeOptions } from './prep/encoding/angleEncode.js';
export { ANGLE_RANGES, angleEncode } from './prep/encoding/angleEncode.js';
export type { BasisEncodeOptions } from './prep/encoding/basisEncode.js';
export { basisEncode } from './prep/encoding/basisEncode.js';
export type {
  PrepareForQuantumOptions,
  QuantumPreparation,
} from './prep/encoding/prepareForQuantum.js';
export { prepareForQuantum } from './prep/encoding/prepareForQuantum.js';
export type {
  ExtractFeaturesOptions,
  FlattenOptions,
} from './prep/encoding/quantumImageAdapter.js';
export {
  extractFeatures,
  flattenAndNormalize,
  resizeForQubits,
} from './prep/encoding/quantumImageAdapter.js';
export type { Encoding } from './prep/encoding/qubits.js';
export { capacity, ENCODINGS, MAX_QUBITS, qubitsFor } from './prep/encoding/qubits.js';
export type {
  Batch,
  BatchTransform,
  QuantumDataGeneratorOptions,
} from './prep/generators/quantumDataGenerator.js';
export { QuantumDataGenerator } from './prep/generators/quantumDataGenerator.js';
export type { LabelsInput } from './prep/internal/labels.js';
export type { ScalerOptions } from './prep/preprocessing/scaler.js';
export { normalize, Scaler, standardize } from './prep/preprocessing/scaler.js';
export type { ScalerMethod, ScalerState } from './prep/preprocessing/scalerState.js';
export { SCALER_METHODS, scalerStateSchema } from './prep/preprocessing/scalerState.js';
export type { DimensionReducer } from './prep/reduction/dimensionReducer.js';
export type { PcaOptions } from './prep/reduction/pca.js';
export { Pca, pca } from './prep/reduction/pca.js';
export type { PcaState } from './prep/reduction/pcaState.js';
export { pcaStateSchema } from './prep/reduction/pcaState.js';
export type { Pool2dOptions } from './prep/reduction/pool2d.js';
export { pool2d } from './prep/reduction/pool2d.js';
export type { ResizeOptions } from './prep/reduction/resizeImages.js';
export { resizeImages } from './prep/reduction/resizeImages.js';
export type { IndexSplit } from './prep/splits/indexSplit.js';
export { applySplit } from './prep/splits/indexSplit.js';
export { groupKFold, kFold, stratifiedKFold } from './prep/splits/kFold.js';
export type { SplitRatiosInput } from './prep/splits/ratioSplits.js';
export { groupSplit, ratioSplit, stratifiedSplit } from './prep/splits/ratioSplits.js';
export type { CheckResult } from './prep/validation/checkResult.js';
export type { FeatureStatistics, OutlierOptions } from './prep/validation/dataProfiler.js';
export {
  classDistribution,
  computeStatistics,
  detectOutliers,
} from './prep/validation/dataProfiler.js';
export type {
  DataValidationOptions,
  DataValidationReport,
} from './prep/validation/dataValidator.js';
export {
  checkFinite,
  checkRange,
  checkShape,
  validateData,
} from './prep/validation/dataValidator.js';
export type { ProfileReportOptions } from './prep/validation/profileReport.js';
export { profileReport } from './prep/validation/profileReport.js';
export type { QuantumTarget } from './prep/validation/quantumCompatibility.js';
export {
  checkQuantumCompatibility,
  validateForQuantum,
} from './prep/validation/quantumCompatibility.js';
