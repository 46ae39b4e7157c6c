import { formatError } from '../internal/fail.js';
import { NEED_MORE, PickleInput } from './pickleInput.js';
import {
  asText,
  build,
  callGlobal,
  type DeferredBytes,
  type Fail,
  type Global,
} from './pickleNumpy.js';

const SCOPE = 'data/pickle';

/** The only globals a pickle may name: numpy's array and dtype builders (Keras 3 allows the same set). */
const ALLOWED = new Set([
  'numpy.core.multiarray _reconstruct',
  'numpy._core.multiarray _reconstruct',
  'numpy ndarray',
  'numpy dtype',
  '_codecs encode',
]);

/** The MARK the machine pushes (exported so that a deferral hook can read the stack). */
export const MARK = Symbol('mark');

/** A large bytes/string opcode the machine may hand to its caller instead of reading it. */
export interface DeferRequest {
  /** The payload's length in bytes. */
  readonly length: number;
  /** BINUNICODE (UTF-8 text) rather than BINSTRING/BINBYTES (raw bytes). */
  readonly text: boolean;
  /** The machine's stack before the payload is pushed (read-only). */
  readonly stack: readonly unknown[];
}

/** Options of {@link PickleMachine}. */
export interface PickleMachineOptions {
  /**
   * Asked at every BINSTRING, BINBYTES and BINUNICODE of at least `deferMinBytes` bytes: `true`
   * makes the machine push a {@link DeferredBytes} placeholder and stop with a `payload` step; the
   * caller then consumes the payload's bytes (first `input.takeBuffered`, then its
   * own source) before running the machine on.
   */
  readonly defer?: (request: DeferRequest) => boolean;
  /** @default 1 */
  readonly deferMinBytes?: number;
}

/** What {@link PickleMachine.run} stopped at. */
export type PickleStep =
  | { readonly state: 'more'; readonly need: number }
  | { readonly state: 'payload'; readonly payload: DeferredBytes }
  | { readonly state: 'done'; readonly value: unknown };

/**
 * The restricted pickle machine behind `unpickle`, resumable: bytes are given whole or appended
 * as they come through {@link input}, and {@link run} executes opcodes until the value is complete, the buffer ends inside an opcode (the
 * opcode is re-run when more bytes came, so every opcode reads all its bytes before it changes
 * anything) or a payload is deferred. Only the allow-listed globals are accepted, whatever the mode.
 */
export class PickleMachine {
  readonly #fail: Fail;
  readonly #options: PickleMachineOptions;
  readonly #stack: unknown[] = [];
  readonly #memo = new Map<number, unknown>();
  /** The bytes being read (append to it while the machine streams). */
  readonly input: PickleInput;

  constructor(file: string, options: PickleMachineOptions = {}) {
    this.#fail = (why, code = 'CORRUPT_DATA') => formatError(SCOPE, file, why, code);
    this.#options = options;
    this.input = new PickleInput(this.#fail);
  }

  /** Runs opcodes until STOP, the end of the buffered bytes, or a deferred payload. */
  run(): PickleStep {
    for (;;) {
      const start = this.input.at;
      try {
        const step = this.#step();
        if (step !== undefined) return step;
      } catch (error) {
        if (error !== NEED_MORE) throw error;
        this.input.at = start;
        return { state: 'more', need: this.input.short };
      }
    }
  }

  #pop(): unknown {
    if (this.#stack.length === 0) throw this.#fail('pickle pops an empty stack');
    return this.#stack.pop();
  }

  #top(): unknown {
    if (this.#stack.length === 0) throw this.#fail('pickle reads an empty stack');
    return this.#stack.at(-1);
  }

  #popMark(): unknown[] {
    const mark = this.#stack.lastIndexOf(MARK);
    if (mark === -1) throw this.#fail('pickle has no MARK to pop to');
    return this.#stack.splice(mark).slice(1);
  }

  #recall(key: number): unknown {
    if (!this.#memo.has(key))
      throw this.#fail(`pickle reads memo entry ${key}, which was never stored`);
    return this.#memo.get(key);
  }

  #global(module: string, name: string): Global {
    const key = `${module} ${name}`;
    if (!ALLOWED.has(key))
      throw this.#fail(
        `pickle names the global ${module}.${name}, which is not allowed (only numpy arrays are)`,
        'UNSAFE_INPUT',
      );
    return { kind: 'global', name: key };
  }

  #setItems(pairs: unknown[]): void {
    const dict = this.#top();
    if (!(dict instanceof Map)) throw this.#fail('SETITEMS on something that is not a dict');
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i] instanceof Uint8Array ? asText(pairs[i]) : pairs[i];
      dict.set(key, pairs[i + 1]);
    }
  }

  /** A long bytes/string opcode of `n` bytes: deferred to the caller, or read. */
  #long(n: number, text: boolean): PickleStep | undefined {
    const { defer, deferMinBytes = 1 } = this.#options;
    if (
      defer !== undefined &&
      n >= deferMinBytes &&
      defer({ length: n, text, stack: this.#stack })
    ) {
      const payload: DeferredBytes = {
        kind: 'deferred',
        length: n,
        encoding: text ? 'text' : 'raw',
      };
      this.#stack.push(payload);
      return { state: 'payload', payload };
    }
    this.#stack.push(text ? this.input.text(n) : this.input.raw(n));
    return undefined;
  }

  /** Runs one opcode; returns a step when the machine must stop. */
  #step(): PickleStep | undefined {
    const stack = this.#stack;
    const op = this.input.byte();
    switch (op) {
      case 0x80: // PROTO
        this.input.need(1);
        break;
      case 0x95: // FRAME
        this.input.need(8);
        break;
      case 0x2e: // STOP
        return { state: 'done', value: this.#pop() };
      case 0x63: {
        // GLOBAL
        const module = this.input.line();
        stack.push(this.#global(module, this.input.line()));
        break;
      }
      case 0x93: {
        // STACK_GLOBAL
        const name = this.#pop();
        stack.push(this.#global(String(this.#pop()), String(name)));
        break;
      }
      case 0x4b: // BININT1
        stack.push(this.input.byte());
        break;
      case 0x4d: // BININT2
        stack.push(this.input.u16());
        break;
      case 0x4a: // BININT
        stack.push(this.input.i32());
        break;
      case 0x8a: {
        // LONG1: n little-endian two's-complement bytes
        const n = this.input.byte();
        const start = this.input.need(n);
        let value = 0n;
        for (let i = n - 1; i >= 0; i--)
          value = (value << 8n) | BigInt(this.input.byteAt(start + i));
        if (n > 0 && (this.input.byteAt(start + n - 1) & 0x80) !== 0) value -= 1n << BigInt(8 * n);
        stack.push(Number(value));
        break;
      }
      case 0x47: // BINFLOAT: big-endian float64
        stack.push(this.input.f64());
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x29: // EMPTY_TUPLE
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x85: // TUPLE1
        stack.push([this.#pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = this.#pop();
        stack.push([this.#pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = this.#pop();
        const b = this.#pop();
        stack.push([this.#pop(), b, c]);
        break;
      }
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x74: // TUPLE
        stack.push(this.#popMark());
        break;
      case 0x30: // POP
        this.#pop();
        break;
      case 0x61: // APPEND
      case 0x65: {
        // APPENDS
        const items = op === 0x61 ? [this.#pop()] : this.#popMark();
        const list = this.#top();
        if (!Array.isArray(list)) throw this.#fail('APPENDS to a non-list');
        for (const item of items) list.push(item);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = this.#pop();
        this.#setItems([this.#pop(), value]);
        break;
      }
      case 0x75: // SETITEMS
        this.#setItems(this.#popMark());
        break;
      case 0x43: // SHORT_BINBYTES
      case 0x55: // SHORT_BINSTRING (Python 2 str: bytes, as encoding='bytes' reads it)
        stack.push(this.input.raw(this.input.byte()));
        break;
      case 0x42: // BINBYTES
      case 0x54: // BINSTRING
        return this.#long(this.input.u32(), false);
      case 0x8c: // SHORT_BINUNICODE
        stack.push(this.input.text(this.input.byte()));
        break;
      case 0x58: // BINUNICODE
        return this.#long(this.input.u32(), true);
      case 0x71: // BINPUT
        this.#memo.set(this.input.byte(), this.#top());
        break;
      case 0x72: // LONG_BINPUT
        this.#memo.set(this.input.u32(), this.#top());
        break;
      case 0x94: // MEMOIZE
        this.#memo.set(this.#memo.size, this.#top());
        break;
      case 0x68: // BINGET
        stack.push(this.#recall(this.input.byte()));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(this.#recall(this.input.u32()));
        break;
      case 0x52: {
        // REDUCE
        const args = this.#pop();
        stack.push(callGlobal(this.#pop(), args, this.#fail));
        break;
      }
      case 0x62: {
        // BUILD
        const state = this.#pop();
        build(this.#top(), state, this.#fail);
        break;
      }
      default:
        throw this.#fail(
          `pickle opcode 0x${op.toString(16)} is outside the subset numpy arrays use`,
          'UNSUPPORTED_FORMAT',
        );
    }
    return undefined;
  }
}
