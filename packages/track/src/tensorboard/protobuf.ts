import { FormatError } from '@qstore/core';

const WIRE = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const;
const encoder = new TextEncoder();

/**
 * A minimal protobuf writer: the four primitives TensorBoard's messages need (varint, double,
 * float, length-delimited). Fields are written in the order called; defaults are the caller's
 * to omit.
 */
export class ProtoWriter {
  readonly #chunks: number[] = [];

  #varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.#chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.#chunks.push(Number(v));
  }

  #key(field: number, wire: number): void {
    this.#varint(BigInt((field << 3) | wire));
  }

  /** An int64/int32/enum/bool field (negative numbers as 10-byte two's complement). */
  int(field: number, value: number | bigint): this {
    this.#key(field, WIRE.varint);
    this.#varint(BigInt(value));
    return this;
  }

  /** A double field. */
  double(field: number, value: number): this {
    this.#key(field, WIRE.fixed64);
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setFloat64(0, value, true);
    this.#chunks.push(...bytes);
    return this;
  }

  /** A float (float32) field. */
  float(field: number, value: number): this {
    this.#key(field, WIRE.fixed32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.#chunks.push(...bytes);
    return this;
  }

  /** A bytes, string or embedded-message field. */
  bytes(field: number, value: Uint8Array | string | ProtoWriter): this {
    const data =
      typeof value === 'string'
        ? encoder.encode(value)
        : value instanceof ProtoWriter
          ? value.finish()
          : value;
    this.#key(field, WIRE.bytes);
    this.#varint(BigInt(data.length));
    for (let i = 0; i < data.length; i++) this.#chunks.push(data[i]!);
    return this;
  }

  /** A packed repeated double field. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
    return this.bytes(field, bytes);
  }

  /** The encoded message. */
  finish(): Uint8Array {
    return Uint8Array.from(this.#chunks);
  }
}

/** One decoded field: a number for varints/fixed, the raw bytes for length-delimited ones. */
export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  /** varint value (as bigint), or the raw 4/8 bytes' view for fixed fields. */
  readonly int?: bigint;
  readonly fixed?: DataView;
  readonly bytes?: Uint8Array;
}

/** Decodes the top-level fields of a message; malformed bytes are `CORRUPT_DATA`. */
export function readFields(data: Uint8Array, what: string): ProtoField[] {
  const fail = () =>
    new FormatError('CORRUPT_DATA', `${what}: malformed protobuf message`, {
      scope: 'track/tensorboard',
    });
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (pos >= data.length || shift > 63n) throw fail();
      const byte = data[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return result;
    }
  };
  while (pos < data.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (wire === WIRE.varint) fields.push({ field, wire, int: varint() });
    else if (wire === WIRE.fixed64 || wire === WIRE.fixed32) {
      const size = wire === WIRE.fixed64 ? 8 : 4;
      if (pos + size > data.length) throw fail();
      fields.push({ field, wire, fixed: new DataView(data.buffer, data.byteOffset + pos, size) });
      pos += size;
    } else if (wire === WIRE.bytes) {
      const length = Number(varint());
      if (pos + length > data.length) throw fail();
      fields.push({ field, wire, bytes: data.subarray(pos, pos + length) });
      pos += length;
    } else throw fail();
  }
  return fields;
}
