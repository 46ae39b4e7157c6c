import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { Callback, Logs, TrainingContext } from './callback.js';
import type { Dataset } from './dataset.js';
import type { ErrorCode, ErrorCodeOf } from './errorCodes.js';
import { type FormatError, type QStoreError, ValidationError } from './errors.js';
import type { QuantumBackend } from './quantumBackend.js';
import type { QuboSolver } from './quboSolver.js';
import type { SourceAdapter } from './sourceAdapter.js';
import type { StudyStorage } from './studyStorage.js';
import type { Tensor } from './tensor.js';
import type { Run, Tracker } from './tracker.js';

describe('core contracts', () => {
  it('should let a third party write a source adapter as a plain object', () => {
    const schema = z.object({ rows: z.number().int().positive() });
    const adapter = {
      name: 'memory',
      optionsSchema: schema,
      async load(options: z.output<typeof schema>): Promise<Dataset> {
        const x: Tensor<'float64'> = {
          dtype: 'float64',
          shape: [options.rows, 1],
          data: new Float64Array(options.rows),
        };
        return { train: { x }, metadata: { name: 'memory', source: 'memory' } };
      },
    } satisfies SourceAdapter<z.output<typeof schema>>;
    expectTypeOf(adapter).toExtend<SourceAdapter<{ rows: number }>>();
    expectTypeOf<SourceAdapter['list']>().toEqualTypeOf<SourceAdapter['list']>();
  });

  it('should make every callback hook optional', () => {
    expectTypeOf<Record<never, never>>().toExtend<Callback>();
    expectTypeOf<Parameters<NonNullable<Callback['onEpochEnd']>>>().toEqualTypeOf<
      [number, Logs, TrainingContext]
    >();
    expectTypeOf<TrainingContext['stop']>().toEqualTypeOf<(reason?: string) => void>();
  });

  it('should tie tensor data to its dtype', () => {
    expectTypeOf<Tensor<'float32'>['data']>().toEqualTypeOf<Float32Array>();
    expectTypeOf<Tensor<'int64'>['data']>().toEqualTypeOf<BigInt64Array>();
  });

  it('should keep each error subclass to its own family of codes', () => {
    expectTypeOf<ValidationError['code']>().toEqualTypeOf<ErrorCodeOf<'validation'>>();
    expectTypeOf<FormatError['code']>().toEqualTypeOf<ErrorCodeOf<'format'>>();
    expectTypeOf<QStoreError['code']>().toEqualTypeOf<ErrorCode>();
    // @ts-expect-error a format code is not a validation code
    new ValidationError('CORRUPT_DATA', 'x');
  });

  it('should expose the plugin interfaces with names and async methods', () => {
    expectTypeOf<Tracker['startRun']>().returns.toEqualTypeOf<Promise<Run>>();
    expectTypeOf<QuantumBackend['name']>().toEqualTypeOf<string>();
    expectTypeOf<QuboSolver['solve']>().returns.resolves.toHaveProperty('assignment');
    expectTypeOf<StudyStorage['getTrials']>().returns.resolves.items.toHaveProperty('state');
  });
});
