import { formatError } from '../internal/fail.js';
import {
  asText,
  build,
  callGlobal,
  type Fail,
  type Global,
  type PickledArray,
} from './pickleNumpy.js';

export type { PickledArray } from './pickleNumpy.js';

const SCOPE = 'data/pickle';

/** The only globals a pickle may name: numpy's array and dtype builders (Keras 3 allows the same set). */
const ALLOWED = new Set([
  'numpy.core.multiarray _reconstruct',
  'numpy._core.multiarray _reconstruct',
  'numpy ndarray',
  'numpy dtype',
  '_codecs encode',
]);

const MARK = Symbol('mark');

/**
 * Runs the restricted subset of the pickle machine that numpy arrays and the plain Python values
 * around them use (protocols 2–5: ints, floats, strings, bytes, lists, tuples, dicts, memo, and the
 * globals `numpy.core.multiarray._reconstruct`, `numpy.ndarray`, `numpy.dtype`, `_codecs.encode`).
 * Returns the pickled value: dicts become `Map`s whose bytes keys are decoded (as Python's
 * `encoding='bytes'` plus `k.decode()` does), Python 2 `str` and Python 3 `bytes` become
 * `Uint8Array`s (views into `bytes`), numpy arrays become {@link PickledArray}s. Any other global
 * (`os.system`, …) throws `UNSAFE_INPUT` before it could be used; other opcodes throw
 * `UNSUPPORTED_FORMAT`; a malformed stream throws `CORRUPT_DATA`.
 */
export function unpickle(bytes: Uint8Array, file: string): unknown {
  const fail: Fail = (why, code = 'CORRUPT_DATA') => formatError(SCOPE, file, why, code);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw fail('pickle ends early');
    const start = at;
    at += n;
    return start;
  };
  const pop = () => {
    if (stack.length === 0) throw fail('pickle pops an empty stack');
    return stack.pop();
  };
  const top = () => {
    if (stack.length === 0) throw fail('pickle reads an empty stack');
    return stack.at(-1);
  };
  const popMark = () => {
    const mark = stack.lastIndexOf(MARK);
    if (mark === -1) throw fail('pickle has no MARK to pop to');
    return stack.splice(mark).slice(1);
  };
  const raw = (n: number) => bytes.subarray(need(n), at);
  const text = (n: number) => new TextDecoder().decode(raw(n));
  const line = () => {
    const end = bytes.indexOf(10, at);
    if (end === -1) throw fail('pickle GLOBAL has no newline');
    return text(end - at + 1).slice(0, -1);
  };
  const recall = (key: number) => {
    if (!memo.has(key)) throw fail(`pickle reads memo entry ${key}, which was never stored`);
    return memo.get(key);
  };
  const global = (module: string, name: string): Global => {
    const key = `${module} ${name}`;
    if (!ALLOWED.has(key))
      throw fail(
        `pickle names the global ${module}.${name}, which is not allowed (only numpy arrays are)`,
        'UNSAFE_INPUT',
      );
    return { kind: 'global', name: key };
  };
  const setItems = (pairs: unknown[]) => {
    const dict = top();
    if (!(dict instanceof Map)) throw fail('SETITEMS on something that is not a dict');
    for (let i = 0; i + 1 < pairs.length; i += 2) {
      const key = pairs[i] instanceof Uint8Array ? asText(pairs[i]) : pairs[i];
      dict.set(key, pairs[i + 1]);
    }
  };
  for (;;) {
    const op = bytes[need(1)]!;
    switch (op) {
      case 0x80: // PROTO
        need(1);
        break;
      case 0x95: // FRAME
        need(8);
        break;
      case 0x2e: // STOP
        return pop();
      case 0x63: // GLOBAL
        stack.push(global(line(), line()));
        break;
      case 0x93: {
        // STACK_GLOBAL
        const name = pop();
        stack.push(global(String(pop()), String(name)));
        break;
      }
      case 0x4b: // BININT1
        stack.push(bytes[need(1)]!);
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x8a: {
        // LONG1: n little-endian two's-complement bytes
        const n = bytes[need(1)]!;
        const start = need(n);
        let value = 0n;
        for (let i = n - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[start + i]!);
        if (n > 0 && (bytes[start + n - 1]! & 0x80) !== 0) value -= 1n << BigInt(8 * n);
        stack.push(Number(value));
        break;
      }
      case 0x47: // BINFLOAT: big-endian float64
        stack.push(view.getFloat64(need(8), false));
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
        stack.push([pop()]);
        break;
      case 0x86: {
        // TUPLE2
        const b = pop();
        stack.push([pop(), b]);
        break;
      }
      case 0x87: {
        // TUPLE3
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      }
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x74: // TUPLE
        stack.push(popMark());
        break;
      case 0x30: // POP
        pop();
        break;
      case 0x61: // APPEND
      case 0x65: {
        // APPENDS
        const items = op === 0x61 ? [pop()] : popMark();
        const list = top();
        if (!Array.isArray(list)) throw fail('APPENDS to a non-list');
        for (const item of items) list.push(item);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop();
        setItems([pop(), value]);
        break;
      }
      case 0x75: // SETITEMS
        setItems(popMark());
        break;
      case 0x43: // SHORT_BINBYTES
      case 0x55: // SHORT_BINSTRING (Python 2 str: bytes, as encoding='bytes' reads it)
        stack.push(raw(bytes[need(1)]!));
        break;
      case 0x42: // BINBYTES
      case 0x54: // BINSTRING
        stack.push(raw(view.getUint32(need(4), true)));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(text(bytes[need(1)]!));
        break;
      case 0x58: // BINUNICODE
        stack.push(text(view.getUint32(need(4), true)));
        break;
      case 0x71: // BINPUT
        memo.set(bytes[need(1)]!, top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(view.getUint32(need(4), true), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
        stack.push(recall(bytes[need(1)]!));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(recall(view.getUint32(need(4), true)));
        break;
      case 0x52: {
        // REDUCE
        const args = pop();
        stack.push(callGlobal(pop(), args, fail));
        break;
      }
      case 0x62: {
        // BUILD
        const state = pop();
        build(top(), state, fail);
        break;
      }
      default:
        throw fail(
          `pickle opcode 0x${op.toString(16)} is outside the subset numpy arrays use`,
          'UNSUPPORTED_FORMAT',
        );
    }
  }
}

/** Whether an unpickled value is a numpy array. */
export function isPickledArray(value: unknown): value is PickledArray {
  return (value as PickledArray | null)?.kind === 'ndarray' && 'data' in (value as object);
}

/**
 * The items of a pickled numpy object array (e.g. IMDB's lists of word indices), read with
 * {@link unpickle}'s restrictions.
 */
export function unpickleObjectArray(bytes: Uint8Array, file: string): unknown[] {
  const array = unpickle(bytes, file);
  if (!isPickledArray(array)) throw formatError(SCOPE, file, 'pickle does not hold a numpy array');
  if (!Array.isArray(array.data))
    throw formatError(
      SCOPE,
      file,
      `the array holds raw '${array.descr}' data, not an item list (not an object array)`,
      'UNSUPPORTED_FORMAT',
    );
  return array.data as unknown[];
}
