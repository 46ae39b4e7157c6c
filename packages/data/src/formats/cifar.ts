import type { Tensor } from '@qstore/core';
import { formatError } from '../internal/fail.js';

const PIXELS = 3072;

/**
 * Copies one 32×32 CIFAR image from channel-planar order (1024 R, 1024 G, 1024 B, as both Toronto
 * archives store it) at `from` to channels-last order (R, G, B per pixel, as Keras returns it) at `to`.
 */
export function planarToHwc(src: Uint8Array, from: number, dst: Uint8Array, to: number): void {
  for (let p = 0; p < 1024; p++) {
    dst[to + 3 * p] = src[from + p]!;
    dst[to + 3 * p + 1] = src[from + 1024 + p]!;
    dst[to + 3 * p + 2] = src[from + 2048 + p]!;
  }
}

/** Options of {@link parseCifarRecords}. */
export interface CifarRecordOptions {
  /** Label bytes before each record's pixels: 1 (CIFAR-10) or 2 (CIFAR-100: coarse, fine). */
  labelBytes: 1 | 2;
  /** Which label byte to keep (CIFAR-100: 0 coarse, 1 fine). @default labelBytes - 1 */
  labelIndex?: number;
}

/**
 * Parses CIFAR binary records (`<label byte(s)><1024 R><1024 G><1024 B>`) into channels-last
 * images `(n, 32, 32, 3)` uint8 and labels, as Keras returns them.
 */
export function parseCifarRecords(
  bytes: Uint8Array,
  file: string,
  options: CifarRecordOptions,
): { x: Tensor<'uint8'>; labels: Uint8Array } {
  const record = options.labelBytes + PIXELS;
  if (bytes.length % record !== 0) {
    throw formatError(
      'data/cifar',
      file,
      `${bytes.length} bytes is not a whole number of ${record}-byte CIFAR records`,
    );
  }
  const n = bytes.length / record;
  const x = new Uint8Array(n * PIXELS);
  const labels = new Uint8Array(n);
  const labelIndex = options.labelIndex ?? options.labelBytes - 1;
  for (let r = 0; r < n; r++) {
    const base = r * record;
    labels[r] = bytes[base + labelIndex]!;
    planarToHwc(bytes, base + options.labelBytes, x, r * PIXELS);
  }
  return { x: { dtype: 'uint8', shape: [n, 32, 32, 3], data: x }, labels };
}
