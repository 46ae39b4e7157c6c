import { type ErrorCode, isQStoreError, type QStoreError } from '@qstore/core';
import { expect } from 'vitest';

/**
 * Runs `action` (sync or async) and asserts that it throws a `QStoreError` with `code` and, when
 * given, a message matching `message`. Returns the error for further checks.
 */
export async function expectQStoreError<C extends ErrorCode>(
  action: () => unknown,
  code: C,
  message?: RegExp,
): Promise<QStoreError<C>> {
  let thrown: unknown;
  try {
    await action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, `expected a QStoreError ${code}, but nothing was thrown`).toBeDefined();
  if (!isQStoreError(thrown)) {
    throw new Error(`expected a QStoreError ${code}, got ${String(thrown)}`, { cause: thrown });
  }
  expect(thrown.code).toBe(code);
  if (message !== undefined) expect(thrown.message).toMatch(message);
  return thrown as QStoreError<C>;
}
