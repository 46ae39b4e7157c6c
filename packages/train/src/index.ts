export type { SearchContext, SearchFunction, TrialResult } from './agent/agentSearch.js';
export { randomSearch } from './agent/agentSearch.js';
export type {
  AgentProposal,
  AgentStage,
  AgentSummary,
  ModelFamily,
  QuantumTrainingAgentOptions,
} from './agent/quantumTrainingAgent.js';
export { QuantumTrainingAgent } from './agent/quantumTrainingAgent.js';
export type { ParamRange, SearchSpace, TrialConfig } from './agent/searchSpace.js';
export { sampleConfig } from './agent/searchSpace.js';
export type {
  ConvergenceDetectorOptions,
  ConvergenceStatus,
} from './callbacks/convergenceDetector.js';
export { ConvergenceDetector } from './callbacks/convergenceDetector.js';
export type { EarlyStoppingOptions, EarlyStoppingState } from './callbacks/earlyStopping.js';
export { EarlyStopping } from './callbacks/earlyStopping.js';
export { lambdaCallback } from './callbacks/lambdaCallback.js';
export type {
  LearningRateEntry,
  LearningRateLoggerOptions,
} from './callbacks/learningRateLogger.js';
export { LearningRateLogger } from './callbacks/learningRateLogger.js';
export type { MetricsLoggerOptions } from './callbacks/metricsLogger.js';
export { MetricsLogger } from './callbacks/metricsLogger.js';
export type { ModelCheckpointOptions } from './callbacks/modelCheckpoint.js';
export { ModelCheckpoint } from './callbacks/modelCheckpoint.js';
export type { ProgressBarOptions } from './callbacks/progressBar.js';
export { ProgressBar } from './callbacks/progressBar.js';
export type { StatefulCallback } from './callbacks/statefulCallback.js';
export { isStateful } from './callbacks/statefulCallback.js';
export { TerminateOnNaN } from './callbacks/terminateOnNaN.js';
export type { LoadedCheckpoint, TrainerState } from './checkpointIo.js';
export {
  findLatestCheckpoint,
  readCheckpoint,
  TRAINER_STATE_FILE,
  writeCheckpoint,
} from './checkpointIo.js';
export type { DiffMethod } from './internal/gradientBackend.js';
export type { Initializer } from './internal/initializers.js';
export type { MonitorMode } from './internal/monitor.js';
export type { QuantumAnsatz, QuantumEncoding, QuantumReadout } from './internal/quantumCircuit.js';
export type { UseWorkersOptions } from './internal/threadedSimulator.js';
export type {
  ForwardContext,
  Layer,
  LayerBuildOptions,
  LayerConfig,
  LayerSpec,
  ParamSlice,
} from './layer.js';
export type { LayerFactory } from './layerRegistry.js';
export { BUILTIN_LAYERS, layerFromConfig } from './layerRegistry.js';
export type { ActivationName } from './layers/activation.js';
export { ACTIVATIONS, activation, relu, sigmoid, softmax, tanh } from './layers/activation.js';
export type { BackendLayerOptions } from './layers/backendLayer.js';
export { backendLayer } from './layers/backendLayer.js';
export type { DenseOptions } from './layers/dense.js';
export { dense } from './layers/dense.js';
export type { DropoutOptions } from './layers/dropout.js';
export { dropout } from './layers/dropout.js';
export type { QuantumLayerOptions } from './layers/quantumLayer.js';
export { quantumLayer, quantumLayerFromConfig } from './layers/quantumLayer.js';
export { binaryCrossEntropy } from './losses/binaryCrossEntropy.js';
export { crossEntropy } from './losses/crossEntropy.js';
export { hinge } from './losses/hinge.js';
export type { Loss, LossResult, LossShape, LossTask } from './losses/loss.js';
export { meanSquaredError } from './losses/meanSquaredError.js';
export type {
  ClassificationReport,
  ClassLabels,
  ClassScores,
} from './metrics/classificationReport.js';
export {
  accuracy,
  classificationReport,
  confusionMatrix,
  predictClasses,
} from './metrics/classificationReport.js';
export type { LoadedModel, LoadModelOptions, SaveModelOptions } from './modelIo.js';
export {
  loadModel,
  loadWeights,
  MODEL_FILE,
  readSavedModel,
  sameArchitecture,
  saveModel,
  WEIGHTS_FILE,
} from './modelIo.js';
export { modelSummary } from './modelSummary.js';
export type { AdagradOptions } from './optimizers/adagrad.js';
export { adagrad } from './optimizers/adagrad.js';
export type { AdamOptions } from './optimizers/adam.js';
export { adam, adamW } from './optimizers/adam.js';
export { clipGradNorm, clipGradValue } from './optimizers/clipGradients.js';
export type { LossProbe, Optimizer, OptimizerState } from './optimizers/optimizer.js';
export type { QngOptions } from './optimizers/qng.js';
export { qng } from './optimizers/qng.js';
export type { RmspropOptions } from './optimizers/rmsprop.js';
export { rmsprop } from './optimizers/rmsprop.js';
export type { SgdOptions } from './optimizers/sgd.js';
export { sgd } from './optimizers/sgd.js';
export type { SpsaOptions } from './optimizers/spsa.js';
export { spsa } from './optimizers/spsa.js';
export type { PreprocessingStep } from './preprocessingSteps.js';
export { normalizePreprocessing } from './preprocessingSteps.js';
export type {
  FitOptions,
  History,
  InferenceOptions,
  QuantumTrainerOptions,
} from './quantumTrainer.js';
export { QuantumTrainer } from './quantumTrainer.js';
export type { CosineAnnealingOptions } from './schedulers/cosineAnnealing.js';
export { cosineAnnealing } from './schedulers/cosineAnnealing.js';
export type { CosineWarmRestartsOptions } from './schedulers/cosineWarmRestarts.js';
export { cosineWarmRestarts } from './schedulers/cosineWarmRestarts.js';
export type { CyclicOptions } from './schedulers/cyclic.js';
export { cyclic } from './schedulers/cyclic.js';
export type { ExponentialDecayOptions } from './schedulers/exponentialDecay.js';
export { exponentialDecay } from './schedulers/exponentialDecay.js';
export type { LambdaScheduleOptions } from './schedulers/lambdaSchedule.js';
export { lambdaSchedule } from './schedulers/lambdaSchedule.js';
export type { MultiStepOptions } from './schedulers/multiStep.js';
export { multiStep } from './schedulers/multiStep.js';
export type { OneCycleOptions } from './schedulers/oneCycle.js';
export { oneCycle } from './schedulers/oneCycle.js';
export type { PolynomialDecayOptions } from './schedulers/polynomialDecay.js';
export { polynomialDecay } from './schedulers/polynomialDecay.js';
export type { ReduceOnPlateauOptions } from './schedulers/reduceOnPlateau.js';
export { reduceOnPlateau } from './schedulers/reduceOnPlateau.js';
export type {
  ClosedFormScheduler,
  LrScheduler,
  SchedulerState,
} from './schedulers/scheduler.js';
export type { SequentialScheduleOptions } from './schedulers/sequentialSchedule.js';
export { sequentialSchedule } from './schedulers/sequentialSchedule.js';
export type { StepDecayOptions } from './schedulers/stepDecay.js';
export { stepDecay } from './schedulers/stepDecay.js';
export type { ConstantWarmupOptions, LinearWarmupOptions } from './schedulers/warmup.js';
export { constantWarmup, linearWarmup } from './schedulers/warmup.js';
export type { Model, ModelArchitecture, SequentialOptions } from './sequential.js';
export { sequential } from './sequential.js';
