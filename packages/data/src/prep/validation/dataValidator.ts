import type { Tensor } from '@qstore/core';
import { numericData } from '../internal/matrix.js';
import { type CheckResult, failed, PASSED } from './checkResult.js';
import { checkQuantumCompatibility, type QuantumTarget } from './quantumCompatibility.js';

const SCOPE = 'data/validation';

/**
 * Whether `x` has the expected shape; `null` in `expected` accepts any length on that axis
 * (`[null, 28, 28]` is any number of 28 × 28 images).
 */
export function checkShape(x: Tensor, expected: ReadonlyArray<number | null>): CheckResult {
  const matches =
    x.shape.length === expected.length &&
    expected.every((dim, axis) => dim === null || dim === x.shape[axis]);
  if (matches) return PASSED;
  const want = expected.map((dim) => (dim === null ? '*' : dim)).join(', ');
  return failed('SHAPE_MISMATCH', `expected shape [${want}], got [${x.shape.join(', ')}]`);
}

/** Whether every value of `x` is finite (no NaN, no ±Infinity); the reason counts each kind. */
export function checkFinite(x: Tensor): CheckResult {
  if (x.dtype === 'int64') return PASSED;
  let nan = 0;
  let infinite = 0;
  for (const v of numericData(x, { scope: SCOPE, what: 'x' })) {
    if (Number.isNaN(v)) nan++;
    else if (!Number.isFinite(v)) infinite++;
  }
  if (nan + infinite === 0) return PASSED;
  return failed('NON_FINITE', `expected finite values, found ${nan} NaN and ${infinite} infinite`);
}

/** Whether every value of `x` lies in `[min, max]`; the reason gives the count and the extremes. */
export function checkRange(x: Tensor, range: { min: number; max: number }): CheckResult {
  let outside = 0;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  const data = x.data as ArrayLike<number | bigint>;
  for (let i = 0; i < data.length; i++) {
    const v = Number(data[i]);
    low = Math.min(low, v);
    high = Math.max(high, v);
    if (!(v >= range.min && v <= range.max)) outside++;
  }
  if (outside === 0) return PASSED;
  return failed(
    'INVALID_ARGUMENT',
    `expected values in [${range.min}, ${range.max}], ${outside} are outside (min ${low}, max ${high})`,
  );
}

/** What {@link validateData} checks; each check runs only when given. */
export interface DataValidationOptions {
  /** The expected shape (`null` = any length). */
  shape?: ReadonlyArray<number | null>;
  /** The allowed value range. */
  range?: { min: number; max: number };
  /** Reject NaN and infinite values. @default true */
  finite?: boolean;
  /** The register and encoding the data must fit. */
  quantum?: QuantumTarget;
}

/** The outcome of {@link validateData}: `ok` and the reasons of every failed check. */
export interface DataValidationReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
}

/** Runs every requested check (DataValidator) and collects the failures instead of stopping at one. */
export function validateData(x: Tensor, options: DataValidationOptions = {}): DataValidationReport {
  const results: CheckResult[] = [];
  if (options.shape !== undefined) results.push(checkShape(x, options.shape));
  if (options.finite ?? true) results.push(checkFinite(x));
  if (options.range !== undefined) results.push(checkRange(x, options.range));
  if (options.quantum !== undefined) results.push(checkQuantumCompatibility(x, options.quantum));
  const problems = results.flatMap((r) => (r.ok ? [] : [r.reason]));
  return { ok: problems.length === 0, problems };
}
