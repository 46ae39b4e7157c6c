import type { z } from 'zod';
import { ValidationError } from './errors.js';

/** Where a value being validated came from, for the error message. */
export interface ParseWithSchemaOptions {
  /** The package or plugin checking the value (the error's scope). */
  scope: string;
  /** What the value is, e.g. `"DatasetConfig"` or `"keras source options"`. */
  what: string;
}

/**
 * Validates an outside value against a zod schema at a boundary. On failure throws a
 * {@link ValidationError} with code `INVALID_CONFIG` whose message lists every issue with its path.
 */
export function parseWithSchema<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: ParseWithSchemaOptions,
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  throw new ValidationError('INVALID_CONFIG', `invalid ${options.what}: ${issues.join('; ')}`, {
    scope: options.scope,
    details: { issues: result.error.issues },
  });
}
