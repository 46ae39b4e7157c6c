import { posix } from 'node:path';
import { ValidationError } from '@qstore/core';

/** MLflow's limits (spec §1.8). */
export const LIMITS = {
  keyLength: 250,
  paramValueLength: 6000,
  tagValueLength: 8000,
  experimentNameLength: 500,
  batchMetrics: 1000,
  batchParams: 100,
  batchTags: 100,
  batchEntities: 1000,
  batchBytes: 1_000_000,
} as const;

const KEY_CHARS = /^[\p{L}\p{N}_\-. /:]+$/u;
// Keys seen valid before (the same few metric names are logged at every step); bounded.
const VALID_KEYS = new Set<string>();
const MAX_CACHED_KEYS = 10_000;

/**
 * Checks a metric, param or tag key by MLflow's rules: letters, digits, `_ - . space / :`, at
 * most 250 characters, and a path that normalises to itself (no `..`, `a//b`, leading `/`).
 */
export function validateKey(kind: 'metric' | 'param' | 'tag', key: string, scope: string): void {
  if (VALID_KEYS.has(key)) return;
  const fail = (why: string) =>
    new ValidationError('INVALID_NAME', `invalid ${kind} name ${JSON.stringify(key)}: ${why}`, {
      scope,
      details: { kind, key },
    });
  if (typeof key !== 'string' || key.length === 0) throw fail('expected a non-empty string');
  if (key.length > LIMITS.keyLength)
    throw fail(`expected at most ${LIMITS.keyLength} characters, got ${key.length}`);
  if (!KEY_CHARS.test(key))
    throw fail(
      'expected only letters, digits, underscores, dashes, periods, spaces, slashes and colons',
    );
  if (process.platform === 'win32' && key.includes(':'))
    throw fail('colons are not allowed on Windows');
  const normal = posix.normalize(key);
  if (normal !== key || key === '.' || key.startsWith('..') || key.startsWith('/'))
    throw fail(
      'expected a relative path that normalises to itself (no "..", "//", "./" or leading "/")',
    );
  if (VALID_KEYS.size >= MAX_CACHED_KEYS) VALID_KEYS.clear();
  VALID_KEYS.add(key);
}

/** Checks an experiment name: a non-empty string of at most 500 characters. */
export function validateExperimentName(name: string, scope: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > LIMITS.experimentNameLength)
    throw new ValidationError(
      'INVALID_NAME',
      `invalid experiment name ${JSON.stringify(String(name).slice(0, 80))}: expected 1 to ${LIMITS.experimentNameLength} characters`,
      { scope },
    );
}

/** Checks a metric point: a numeric value (NaN and ±Inf allowed), a timestamp ≥ 0, an integer step. */
export function validateMetric(
  point: { key: string; value: number; timestamp: number; step: number },
  scope: string,
): void {
  validateKey('metric', point.key, scope);
  if (typeof point.value !== 'number')
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `metric ${JSON.stringify(point.key)}: expected a number value, got ${typeof point.value}`,
      { scope },
    );
  if (!Number.isFinite(point.step) || !Number.isFinite(point.timestamp))
    throw new ValidationError(
      'NON_FINITE',
      `metric ${JSON.stringify(point.key)}: expected a finite step and timestamp, got step ${point.step}, timestamp ${point.timestamp}`,
      { scope, details: { step: point.step, timestamp: point.timestamp } },
    );
  if (
    !Number.isSafeInteger(point.step) ||
    !Number.isSafeInteger(point.timestamp) ||
    point.timestamp < 0
  )
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `metric ${JSON.stringify(point.key)}: expected an integer step and an integer timestamp ≥ 0 (ms), got step ${point.step}, timestamp ${point.timestamp}`,
      { scope, details: { step: point.step, timestamp: point.timestamp } },
    );
}

/** A param or tag value as MLflow stores it: a string, cut to the length limit (MLflow truncates by default). */
export function truncateValue(kind: 'param' | 'tag', value: string): string {
  const limit = kind === 'param' ? LIMITS.paramValueLength : LIMITS.tagValueLength;
  return value.length > limit ? value.slice(0, limit) : value;
}
