import { z } from 'zod';
import { invalidArgument } from './internal/errors.js';

/**
 * A fitted preprocessing step stored inside a saved model: a `kind` naming what it is (e.g.
 * `'pca'`, `'scaler'`, `'classes'`) and its JSON state (e.g. what `@qstore/data`'s `Pca#toJSON`
 * returns). `@qstore/train` does not interpret it; rebuilding the object is the caller's job
 * (`Pca.fromJSON(step.state)`). Steps are kept in the order given, which is the order to apply.
 */
export interface PreprocessingStep {
  readonly kind: string;
  readonly state: unknown;
}

/** The zod schema of the stored steps (absent in files saved without preprocessing). */
export const preprocessingSchema = z
  .array(z.object({ kind: z.string().min(1), state: z.unknown() }))
  .default([]);

/**
 * The steps as they will be read back: each `state` passed through JSON (so objects with a
 * `toJSON`, like a fitted PCA, may be given as they are). Throws `INVALID_ARGUMENT` for a missing
 * `kind`, or a state that would not survive JSON: a non-finite number, a typed array, a function,
 * a bigint, a symbol or a cycle.
 */
export function normalizePreprocessing(steps: readonly PreprocessingStep[]): PreprocessingStep[] {
  if (!Array.isArray(steps)) throw invalidArgument('preprocessing must be an array of steps');
  return steps.map((step, index) => {
    if (typeof step?.kind !== 'string' || step.kind.length === 0) {
      throw invalidArgument(`preprocessing step ${index} needs a non-empty string kind`, { index });
    }
    const where = `preprocessing step ${index} (${step.kind})`;
    let text: string | undefined;
    try {
      text = JSON.stringify(step.state ?? null, (key, value: unknown) => {
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw new Error(`${key || 'state'} is ${value}, which JSON cannot hold`);
        }
        if (ArrayBuffer.isView(value)) {
          throw new Error(`${key || 'state'} is a typed array; store a plain array`);
        }
        if (typeof value === 'function' || typeof value === 'symbol') {
          throw new Error(`${key || 'state'} is a ${typeof value}`);
        }
        return value;
      });
    } catch (error) {
      throw invalidArgument(`${where} is not JSON-serialisable: ${(error as Error).message}`, {
        index,
        kind: step.kind,
      });
    }
    return { kind: step.kind, state: JSON.parse(text ?? 'null') as unknown };
  });
}
