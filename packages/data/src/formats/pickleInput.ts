import type { Fail } from './pickleNumpy.js';

/** Thrown by {@link PickleInput} when the buffered bytes end inside an opcode (caught by the machine). */
export const NEED_MORE = Symbol('need more');

/** Raw strings shorter than this are copied out of a streaming buffer (so as not to pin it). */
const VIEW_BYTES = 1 << 16;

/**
 * The bytes a pickle machine reads: one whole buffer ({@link feedWhole}: reads are views into it),
 * or bytes appended as they come ({@link reserve}/{@link commit}). A read past the buffered bytes
 * throws `pickle ends early` once the input is final, else {@link NEED_MORE} with {@link short}
 * set to how many more bytes it needs.
 */
export class PickleInput {
  readonly #fail: Fail;
  #buf: Uint8Array = new Uint8Array(0);
  #view = new DataView(this.#buf.buffer);
  #end = 0;
  #final = false;
  /** The read position. */
  at = 0;
  /** After {@link NEED_MORE}: how many bytes past the buffered ones the read needed. */
  short = 0;

  constructor(fail: Fail) {
    this.#fail = fail;
  }

  /** Uses `bytes` as the whole pickle (no copy). */
  feedWhole(bytes: Uint8Array): void {
    this.#setBuffer(bytes, bytes.length);
    this.#final = true;
  }

  /** A writable region of `n` bytes after the buffered ones; {@link commit} how many were written. */
  reserve(n: number): Uint8Array {
    if (this.#buf.length - this.#end < n) {
      const next = new Uint8Array(this.#end - this.at + n);
      next.set(this.#buf.subarray(this.at, this.#end));
      this.#setBuffer(next, this.#end - this.at);
    }
    return this.#buf.subarray(this.#end, this.#end + n);
  }

  /** Adds `n` bytes written into the last {@link reserve}d region; `final` when no more will come. */
  commit(n: number, final: boolean): void {
    this.#end += n;
    this.#final = final;
  }

  /** Up to `max` buffered bytes not yet read (a view), consumed. */
  takeBuffered(max: number): Uint8Array {
    const n = Math.min(max, this.#end - this.at);
    this.at += n;
    return this.#buf.subarray(this.at - n, this.at);
  }

  #setBuffer(bytes: Uint8Array, end: number): void {
    this.#buf = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.at = 0;
    this.#end = end;
  }

  /** Consumes `n` bytes; returns where they start. */
  need(n: number): number {
    if (this.at + n > this.#end) {
      if (this.#final) throw this.#fail('pickle ends early');
      this.short = this.at + n - this.#end;
      throw NEED_MORE;
    }
    const start = this.at;
    this.at += n;
    return start;
  }

  /** The byte at `i` of the buffer (after {@link need}). */
  byteAt(i: number): number {
    return this.#buf[i]!;
  }

  byte(): number {
    return this.#buf[this.need(1)]!;
  }

  u16(): number {
    return this.#view.getUint16(this.need(2), true);
  }

  i32(): number {
    return this.#view.getInt32(this.need(4), true);
  }

  u32(): number {
    return this.#view.getUint32(this.need(4), true);
  }

  /** A big-endian float64 (BINFLOAT). */
  f64(): number {
    return this.#view.getFloat64(this.need(8), false);
  }

  /** `n` raw bytes: a view of a whole buffer, a copy of a streaming one unless large. */
  raw(n: number): Uint8Array {
    const start = this.need(n);
    return this.#final || n >= VIEW_BYTES
      ? this.#buf.subarray(start, this.at)
      : this.#buf.slice(start, this.at);
  }

  /** `n` bytes of UTF-8 text. */
  text(n: number): string {
    return new TextDecoder().decode(this.#buf.subarray(this.need(n), this.at));
  }

  /** A newline-terminated line (GLOBAL's module and name), without the newline. */
  line(): string {
    const end = this.#buf.subarray(this.at, this.#end).indexOf(10);
    if (end === -1) {
      if (this.#final || this.#end - this.at > VIEW_BYTES)
        throw this.#fail('pickle GLOBAL has no newline');
      this.short = 1;
      throw NEED_MORE;
    }
    return this.text(end + 1).slice(0, -1);
  }
}
