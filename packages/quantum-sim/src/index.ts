export type { AmplitudeEncodingOptions } from './amplitudeEncoding.js';
export { amplitudeEncoding, amplitudeState } from './amplitudeEncoding.js';
export type { AngleEncodingOptions } from './angleEncoding.js';
export { angleEncoding, featureNames } from './angleEncoding.js';
export type {
  BasicEntanglerOptions,
  Entanglement,
  HardwareEfficientOptions,
  LayersOptions,
} from './ansatzLayers.js';
export {
  basicEntanglerLayers,
  entanglingPairs,
  hardwareEfficientAnsatz,
  stronglyEntanglingLayers,
} from './ansatzLayers.js';
export { basisEncoding } from './basisEncoding.js';
export type {
  BatchGradient,
  BatchOptions,
  CompiledCircuitOptions,
  VjpOptions,
} from './batchOptions.js';
export type { CircuitOptions, ComplexRows, ComposeOptions } from './circuit.js';
export { Circuit } from './circuit.js';
export { CompiledCircuit } from './compiledCircuit.js';
export type { DataReuploadingOptions } from './dataReuploading.js';
export { dataReuploading } from './dataReuploading.js';
export { DensityMatrix } from './densityMatrix.js';
export { drawCircuit } from './drawCircuit.js';
export type { ExpressionNode, FunctionName, ParseExpressionOptions } from './expression.js';
export {
  expressionSymbols,
  formatExpression,
  parseExpression,
  substituteExpression,
} from './expression.js';
export type { FromQasmOptions } from './fromQasm.js';
export { fromQasm } from './fromQasm.js';
export type { BaseGate } from './gateMatrices.js';
export { BASE_GATES, baseDerivative, baseMatrix, baseParams, baseQubits } from './gateMatrices.js';
export type { GateSpec } from './gateSpecs.js';
export { GATE_SPECS } from './gateSpecs.js';
export type { GradientMethod, GradientOptions, GradientResult } from './gradient.js';
export { gradient } from './gradient.js';
export type { IqpEncodingOptions } from './iqpEncoding.js';
export { iqpEncoding } from './iqpEncoding.js';
export type { LocalSimulatorOptions } from './localSimulator.js';
export { batchOf, LOCAL_SIMULATOR_CAPABILITIES, localSimulator } from './localSimulator.js';
export type {
  MetricApproximation,
  MetricTensorBindings,
  MetricTensorOptions,
} from './metricTensor.js';
export { metricTensor } from './metricTensor.js';
export type { NoiseChannel } from './noiseChannels.js';
export { krausOperators, superoperator } from './noiseChannels.js';
export type { ParallelCircuit, ParallelCircuitOptions } from './parallelCircuit.js';
export { parallelCircuit } from './parallelCircuit.js';
export type { QaoaLayersOptions } from './qaoaLayers.js';
export { qaoaLayers } from './qaoaLayers.js';
export type { QaoaSolverOptions } from './qaoaSolver.js';
export { qaoaSolver } from './qaoaSolver.js';
export { quboEnergy, quboToIsing, validateQubo } from './quboToIsing.js';
export type { ReadoutError } from './readoutMitigation.js';
export {
  applyReadoutError,
  calibrationFromDistributions,
  calibrationMatrix,
  mitigateReadout,
} from './readoutMitigation.js';
export type { Counts, SampleCountsOptions } from './sampleCounts.js';
export { countsToProbabilities, sampleCounts } from './sampleCounts.js';
export type { ShiftTerm } from './shiftRule.js';
export { shiftRule } from './shiftRule.js';
export type { SimulateOptions } from './simulate.js';
export { simulate } from './simulate.js';
export type { SimulateDensityOptions } from './simulateDensity.js';
export { MAX_DENSITY_QUBITS, simulateDensity } from './simulateDensity.js';
export type { SampleOptions } from './stateVector.js';
export { marginalCounts, StateVector } from './stateVector.js';
export { toQasm } from './toQasm.js';
export type { RowGradients } from './vjpRows.js';
export { vjpRows } from './vjpRows.js';
export type { ExtrapolateOptions } from './zeroNoiseExtrapolation.js';
export { extrapolateToZero, foldGates } from './zeroNoiseExtrapolation.js';
