import { type ErrorCode, type ErrorCodeOf, isErrorCode } from './errorCodes.js';

/** What every Q-Store error may carry besides its code and message. */
export interface QStoreErrorOptions {
  /** Where the error comes from, shown as `[qstore] [<scope>]`: a package or plugin name. */
  scope?: string;
  /** The underlying error. */
  cause?: unknown;
  /** Machine-readable facts about the failure (file, expected shape, HTTP status, …). */
  details?: Readonly<Record<string, unknown>>;
}

/**
 * The base class of every error Q-Store throws on purpose. `code` is stable across versions
 * (see `ERROR_CODES`), `message` says what was expected and where, `details` holds the facts.
 */
export class QStoreError<C extends ErrorCode = ErrorCode> extends Error {
  /** The stable error code. */
  readonly code: C;
  /** The package or plugin that raised the error. */
  readonly scope: string;
  /** Machine-readable facts about the failure. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: C, message: string, options: QStoreErrorOptions = {}) {
    const scope = options.scope ?? 'core';
    super(
      `[qstore] [${scope}] ${message}`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.scope = scope;
    this.details = options.details ?? {};
  }

  /** A plain object for logs and JSON bodies. */
  toJSON(): {
    name: string;
    code: C;
    scope: string;
    message: string;
    details: Record<string, unknown>;
  } {
    return {
      name: this.name,
      code: this.code,
      scope: this.scope,
      message: this.message,
      details: { ...this.details },
    };
  }
}

/** Bad input from a caller: an out-of-range option, an invalid config, a wrong shape or value. */
export class ValidationError extends QStoreError<ErrorCodeOf<'validation'>> {}

/** Bytes that are not what they claim to be: a corrupt, unsupported or unsafe file or body. */
export class FormatError extends QStoreError<ErrorCodeOf<'format'>> {}

/** A dataset, run, trial, file or plugin that does not exist. */
export class NotFoundError extends QStoreError<ErrorCodeOf<'notFound'>> {}

/** A failed exchange with another process: unreachable host, HTTP error status, timeout, auth. */
export class NetworkError extends QStoreError<ErrorCodeOf<'network'>> {}

/** Work that would exceed a limit (memory, size, count); the message says how much it needs. */
export class ResourceError extends QStoreError<ErrorCodeOf<'resource'>> {}

/** An operation that does not fit the current state (ended run, duplicate, aborted work). */
export class StateError extends QStoreError<ErrorCodeOf<'state'>> {}

/** Reading or writing persistent storage failed. */
export class StorageError extends QStoreError<ErrorCodeOf<'storage'>> {}

/** Whether `value` is a Q-Store error, optionally with the given code. */
export function isQStoreError<C extends ErrorCode>(
  value: unknown,
  code?: C,
): value is QStoreError<C> {
  // Duck-typed as well as `instanceof`, so that errors from a second installed copy of core count.
  const candidate = value as Partial<QStoreError> | null;
  const looksLike =
    value instanceof QStoreError ||
    (value instanceof Error &&
      isErrorCode(candidate?.code) &&
      typeof candidate?.scope === 'string');
  return looksLike && (code === undefined || candidate?.code === code);
}
