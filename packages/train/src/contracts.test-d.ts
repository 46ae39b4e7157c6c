import type { Callback, QuantumBackend } from '@qstore/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { SearchFunction } from './agent/agentSearch.js';
import type { ConvergenceDetector } from './callbacks/convergenceDetector.js';
import type { EarlyStopping } from './callbacks/earlyStopping.js';
import type { LearningRateLogger } from './callbacks/learningRateLogger.js';
import type { MetricsLogger } from './callbacks/metricsLogger.js';
import type { ModelCheckpoint } from './callbacks/modelCheckpoint.js';
import type { ProgressBar } from './callbacks/progressBar.js';
import type { TerminateOnNaN } from './callbacks/terminateOnNaN.js';
import type { Layer, LayerSpec } from './layer.js';
import { backendLayer } from './layers/backendLayer.js';
import { dense } from './layers/dense.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { spsa } from './optimizers/spsa.js';
import type { History, QuantumTrainer } from './quantumTrainer.js';
import { cosineAnnealing } from './schedulers/cosineAnnealing.js';
import type { ClosedFormScheduler } from './schedulers/scheduler.js';
import { type Model, sequential } from './sequential.js';

describe('public contracts', () => {
  it('should make every callback a core Callback', () => {
    expectTypeOf<EarlyStopping>().toExtend<Callback>();
    expectTypeOf<ConvergenceDetector>().toExtend<Callback>();
    expectTypeOf<ModelCheckpoint>().toExtend<Callback>();
    expectTypeOf<ProgressBar>().toExtend<Callback>();
    expectTypeOf<MetricsLogger>().toExtend<Callback>();
    expectTypeOf<LearningRateLogger>().toExtend<Callback>();
    expectTypeOf<TerminateOnNaN>().toExtend<Callback>();
  });

  it('should build layers and models on Float64Array batches', () => {
    expectTypeOf(dense).returns.toEqualTypeOf<LayerSpec>();
    expectTypeOf(backendLayer)
      .parameter(0)
      .toHaveProperty('backend')
      .toEqualTypeOf<QuantumBackend>();
    expectTypeOf(sequential).returns.toEqualTypeOf<Model>();
    expectTypeOf<Layer['forward']>().returns.toEqualTypeOf<Float64Array | Promise<Float64Array>>();
    expectTypeOf<Model['forward']>().returns.toEqualTypeOf<Promise<Float64Array>>();
  });

  it('should type optimizers, schedulers, the trainer and the agent search', () => {
    expectTypeOf(spsa).returns.toEqualTypeOf<Optimizer>();
    expectTypeOf(cosineAnnealing).returns.toEqualTypeOf<ClosedFormScheduler>();
    expectTypeOf<QuantumTrainer['fit']>().returns.resolves.toEqualTypeOf<History>();
    expectTypeOf<SearchFunction>().returns.toExtend<object | undefined>();
  });
});
