import { readFileSync } from 'node:fs';
import { NotFoundError, StateError, StorageError } from '@qstore/core';

/** Reads a whole file, turning a missing file into `NOT_FOUND` and other failures into `IO_ERROR`. */
export function readBytes(path: string, scope: string): Uint8Array {
  try {
    const buffer = readFileSync(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw ioError(error, path, scope);
  }
}

/** Maps a Node file-system error to a Q-Store error naming the path. */
export function ioError(error: unknown, path: string, scope: string): Error {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') {
    return new NotFoundError('NOT_FOUND', `${path}: no such file or folder`, {
      scope,
      cause: error,
      details: { file: path },
    });
  }
  return new StorageError('IO_ERROR', `${path}: ${(error as Error).message}`, {
    scope,
    cause: error,
    details: { file: path },
  });
}

/** Throws `ABORTED` when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, scope: string): void {
  if (signal?.aborted === true) {
    throw new StateError('ABORTED', 'the operation was aborted', { scope, cause: signal.reason });
  }
}
