import { gunzipSync } from 'node:zlib';
import { formatError, limitError } from '../internal/fail.js';

/** Options of {@link gunzipBytes}. */
export interface GunzipOptions {
  /** The file name used in error messages. */
  file: string;
  /** The largest decompressed size accepted, in bytes. @default 4 GiB − 1 */
  maxBytes?: number;
  /** The error scope. @default 'data/gzip' */
  scope?: string;
}

const DEFAULT_MAX_BYTES = 2 ** 32 - 1;

/** Whether bytes start with the gzip magic `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses a gzip buffer with `node:zlib`. A truncated or corrupt stream throws `CORRUPT_DATA`;
 * output beyond `maxBytes` throws `RESOURCE_LIMIT` (a gzip bomb never fills memory).
 */
export function gunzipBytes(bytes: Uint8Array, options: GunzipOptions): Uint8Array {
  const scope = options.scope ?? 'data/gzip';
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (!isGzip(bytes)) {
    throw formatError(scope, options.file, 'not a gzip file: expected the magic bytes 1f 8b');
  }
  try {
    const out = gunzipSync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      throw limitError(scope, options.file, `decompresses to more than ${maxBytes} bytes`);
    }
    const reason = (error as Error).message;
    throw formatError(
      scope,
      options.file,
      `corrupt or truncated gzip data (${reason})`,
      'CORRUPT_DATA',
      error,
    );
  }
}
