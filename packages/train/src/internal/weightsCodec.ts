import { createHash } from 'node:crypto';
import { FormatError } from '@qstore/core';
import { SCOPE } from './errors.js';

/** The bytes of a float64 vector, little-endian, independent of the machine's byte order. */
export function encodeFloat64(values: Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return bytes;
}

/** The float64 vector of {@link encodeFloat64}'s bytes; `what` names the source in errors. */
export function decodeFloat64(bytes: Uint8Array, what: string): Float64Array {
  if (bytes.byteLength % 8 !== 0) {
    throw new FormatError('CORRUPT_DATA', `${what} must hold whole float64 values`, {
      scope: SCOPE,
      details: { bytes: bytes.byteLength },
    });
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(bytes.byteLength / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}

/** The hex SHA-256 of bytes, stored next to weights to detect a torn or foreign file. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
