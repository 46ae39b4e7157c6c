import { FormatError, ResourceError } from '@qstore/core';

type FormatCode = ConstructorParameters<typeof FormatError>[0];

/** A `FormatError` whose message names the file (or body) and what was wrong with it. */
export function formatError(
  scope: string,
  file: string,
  message: string,
  code: FormatCode = 'CORRUPT_DATA',
  cause?: unknown,
): FormatError {
  return new FormatError(code, `${file}: ${message}`, { scope, cause, details: { file } });
}

/** A `ResourceError` (`RESOURCE_LIMIT`) whose message names the file and the limit it would pass. */
export function limitError(scope: string, file: string, message: string): ResourceError {
  return new ResourceError('RESOURCE_LIMIT', `${file}: ${message}`, {
    scope,
    details: { file },
  });
}

/** Copies `length` bytes at `offset` into a fresh, aligned buffer (never a view: see spec §2.3). */
export function copyBytes(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  return Uint8Array.prototype.slice.call(bytes, offset, offset + length);
}
