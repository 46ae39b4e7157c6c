import { allocate, type DType, type TensorData } from '@qstore/core';

/** Bytes per element of each dtype. */
export const BYTES_PER_ELEMENT: Record<DType, number> = {
  float32: 4,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  uint16: 2,
  int32: 4,
  uint32: 4,
  int64: 8,
};

/**
 * Reads `count` elements of `dtype` at `offset` in either byte order. Native-order data at an
 * aligned offset is returned as a zero-copy view of `bytes`; unaligned or byte-swapped data is
 * copied into a new typed array.
 */
export function readElements(
  bytes: Uint8Array,
  options: { offset: number; count: number; dtype: DType; littleEndian: boolean },
): TensorData {
  const { offset, count, dtype, littleEndian } = options;
  const size = BYTES_PER_ELEMENT[dtype];
  const nativeLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const start = bytes.byteOffset + offset;
  if ((size === 1 || littleEndian === nativeLittle) && start % size === 0) {
    const View = allocate(dtype, 0).constructor as new (
      b: ArrayBufferLike,
      o: number,
      n: number,
    ) => TensorData;
    return new View(bytes.buffer, start, count);
  }
  const out = allocate(dtype, count);
  if (size === 1 || littleEndian === nativeLittle) {
    new Uint8Array(out.buffer).set(bytes.subarray(offset, offset + count * size));
    return out;
  }
  const target = new Uint8Array(out.buffer);
  for (let i = 0; i < count; i++) {
    const from = offset + i * size;
    const to = i * size;
    for (let b = 0; b < size; b++) target[to + b] = bytes[from + size - 1 - b]!;
  }
  return out;
}
