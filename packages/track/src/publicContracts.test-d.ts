import type { Callback, Run, Tracker } from '@qstore/core';
import { describe, expectTypeOf, it } from 'vitest';
import { createTracker } from './createTracker.js';
import type { HistogramRun } from './histogramRun.js';
import { fileTracker } from './sinks/fileTracker.js';
import { mlflowTracker } from './sinks/mlflowTracker.js';
import type { TensorBoardRun } from './sinks/tensorboardTracker.js';
import { tensorboardTracker } from './sinks/tensorboardTracker.js';
import { trackingCallback } from './trackingCallback.js';

describe('public contracts', () => {
  it('should make every built-in sink a core Tracker and its runs core Runs', () => {
    expectTypeOf(fileTracker).returns.toMatchTypeOf<Tracker>();
    expectTypeOf(mlflowTracker).returns.toMatchTypeOf<Tracker>();
    expectTypeOf(tensorboardTracker).returns.toMatchTypeOf<Tracker>();
    expectTypeOf(createTracker).returns.toEqualTypeOf<Tracker>();
    expectTypeOf<TensorBoardRun>().toMatchTypeOf<HistogramRun>();
    expectTypeOf<HistogramRun>().toMatchTypeOf<Run>();
  });

  it('should make trackingCallback a core Callback that exposes its run', () => {
    expectTypeOf(trackingCallback).returns.toMatchTypeOf<Callback>();
    expectTypeOf(trackingCallback).returns.toHaveProperty('run').toEqualTypeOf<Run | undefined>();
  });
});
