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
export type {
  FittedPreprocessing,
  PreprocessingStep,
} from './prep/preprocessing/applyPreprocessing.js';
export {
  applyPreprocessing,
  fitPreprocessing,
} from './prep/preprocessing/applyPreprocessing.js';
export type { FittedStep, PreprocessingOp } from './prep/preprocessing/preprocessingSteps.js';
export { PREPROCESSING_OPS } from './prep/preprocessing/preprocessingSteps.js';
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
export type { ResplitOptions } from './prep/splits/resplitDataset.js';
export { resplitDataset } from './prep/splits/resplitDataset.js';
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
// loading

export { getSplit, inputShape, numSamples } from '@qstore/core';
export type { ArrowColumnOptions } from './dataset/arrowTensor.js';
export { arrowColumnToTensor } from './dataset/arrowTensor.js';
export { DATASET_METADATA_KEY, fromArrow, toArrow } from './dataset/datasetArrow.js';
export { datasetFromIpc, loadSavedDataset, saveDataset } from './dataset/datasetFile.js';
export { numClasses } from './dataset/numClasses.js';
export type { CifarRecordOptions } from './formats/cifar.js';
export { parseCifarRecords } from './formats/cifar.js';
export {
  type CifarPickleBatch,
  readCifarPickleBatch,
  readCifarPickleNames,
} from './formats/cifarPickle.js';
export type { CsvOptions, CsvTable } from './formats/csv.js';
export { parseCsv } from './formats/csv.js';
export type { GunzipOptions } from './formats/gzip.js';
export { gunzipBytes } from './formats/gzip.js';
export type { IdxHeader } from './formats/idx.js';
export { parseIdx, parseIdxHeader } from './formats/idx.js';
export { convertChannels, decodeImage } from './formats/image.js';
export type { ImageFolderOptions, StreamImageFolderOptions } from './formats/imageFolder.js';
export { readImageFolder, streamImageFolder } from './formats/imageFolder.js';
export { encodeNpy, parseNpy, parseNpyObjects, pickledArrayTensor } from './formats/npy.js';
export type { NpyHeader } from './formats/npyHeader.js';
export { parseNpyHeader } from './formats/npyHeader.js';
export { parseNpz } from './formats/npz.js';
export type { NpzSplitKeys, StreamNpzOptions } from './formats/npzStream.js';
export { streamNpzSplit } from './formats/npzStream.js';
export type { ParquetSplit, ParquetSplitOptions } from './formats/parquet.js';
export { readParquetSplit } from './formats/parquet.js';
export {
  isPickledArray,
  type PickledArray,
  unpickle,
  unpickleObjectArray,
} from './formats/pickle.js';
export type { DecodedImage } from './formats/png.js';
export { decodePng } from './formats/png.js';
export type { TarEntry } from './formats/tar.js';
export { readTar } from './formats/tar.js';
export type { ZipEntry, ZipLimits } from './formats/zip.js';
export { readZip } from './formats/zip.js';
export type { ZipFileEntry } from './formats/zipFile.js';
export { listZipFile, zipEntryChunks } from './formats/zipFile.js';
export type { LoadDatasetOptions, ResolvedSource } from './loadDataset.js';
export { listDatasets, loadDataset, resolveSource } from './loadDataset.js';
export type { AnySourceAdapter, SourceRegistryOptions } from './sourceRegistry.js';
export { createSourceRegistry, defaultSourceRegistry, registerSource } from './sourceRegistry.js';
export { hubCacheDir } from './sources/hfHub.js';
export type { HuggingfaceOptions } from './sources/huggingface.js';
export { huggingfaceOptionsSchema, huggingfaceSource } from './sources/huggingface.js';
export type { KerasOptions } from './sources/keras.js';
export { kerasOptionsSchema, kerasSource } from './sources/keras.js';
export { kerasDatasetsDir } from './sources/kerasCache.js';
export { FASHION_MNIST_CLASSES, KERAS_DATASETS } from './sources/kerasDatasets.js';
export type { LocalOptions } from './sources/local.js';
export { localOptionsSchema, localSource } from './sources/local.js';
export type { LocalFormat } from './sources/localFormat.js';
export { LOCAL_FORMATS } from './sources/localFormat.js';
export type { StreamDatasetOptions } from './streamDataset.js';
export { StreamingDataGenerator, streamDataset } from './streamDataset.js';
