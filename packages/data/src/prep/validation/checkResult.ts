import type { ErrorCode } from '@qstore/core';

/** The outcome of one data check: `ok`, or not with the reason and the error code it maps to. */
export type CheckResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly code: ErrorCode };

/** A passed check. */
export const PASSED: CheckResult = { ok: true };

/** A failed check. */
export function failed(code: ErrorCode, reason: string): CheckResult {
  return { ok: false, reason, code };
}
