import { StateError, ValidationError } from '@qstore/core';

/** The error scope of this package. */
export const SCOPE = 'train';

/** A `ValidationError` coded `INVALID_ARGUMENT` (or `code`) in this package's scope. */
export function invalidArgument(
  message: string,
  details: Record<string, unknown> = {},
  code: 'INVALID_ARGUMENT' | 'INVALID_CONFIG' | 'SHAPE_MISMATCH' = 'INVALID_ARGUMENT',
): ValidationError {
  return new ValidationError(code, message, { scope: SCOPE, details });
}

/** Throws unless `value` is a number in `[min, max]` (and an integer when `integer`). */
export function checkNumber(
  name: string,
  value: number,
  range: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  const { min = -Infinity, max = Infinity, integer = false, exclusiveMin = false } = range;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (exclusiveMin ? value > min : value >= min) &&
    value <= max &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const bound = `${exclusiveMin ? '(' : '['}${min}, ${max}]`;
    throw invalidArgument(
      `${name} must be ${integer ? 'an integer' : 'a finite number'} in ${bound}, got ${String(value)}`,
      { option: name, value },
    );
  }
  return value;
}

/** A `StateError` coded `CHECKPOINT_MISMATCH`. */
export function checkpointMismatch(message: string, details: Record<string, unknown> = {}) {
  return new StateError('CHECKPOINT_MISMATCH', message, { scope: SCOPE, details });
}
