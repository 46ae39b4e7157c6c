import { formatError } from '../internal/fail.js';

const SCOPE = 'data/pickle';

/** The only globals a numpy object-array pickle may name (Keras 3 allows the same set). */
const ALLOWED = new Set([
  'numpy.core.multiarray _reconstruct',
  'numpy._core.multiarray _reconstruct',
  'numpy ndarray',
  'numpy dtype',
  '_codecs encode',
]);

interface NdArray {
  kind: 'ndarray';
  items?: unknown[];
}
interface Global {
  kind: 'global';
  name: string;
}
const MARK = Symbol('mark');

function call(fn: unknown, args: unknown, fail: (why: string) => Error): unknown {
  const name = (fn as Global | undefined)?.kind === 'global' ? (fn as Global).name : '';
  if (name.endsWith('_reconstruct') || name === 'numpy ndarray')
    return { kind: 'ndarray' } satisfies NdArray;
  if (name === 'numpy dtype') return { kind: 'dtype', args };
  if (name === '_codecs encode') return new TextEncoder().encode(String((args as unknown[])[0]));
  throw fail('REDUCE of something that is not an allowed global');
}

/**
 * Runs the restricted subset of the pickle machine that numpy's object arrays use (protocols 2–5:
 * ints, lists, tuples, strings, bytes, memo, `_reconstruct` / `ndarray` / `dtype` / `_codecs.encode`)
 * and returns the array's items, e.g. IMDB's lists of word indices. Any other global (`os.system`,
 * …) throws `UNSAFE_INPUT` before it could be used; other opcodes throw `UNSUPPORTED_FORMAT`.
 */
export function unpickleObjectArray(bytes: Uint8Array, file: string): unknown[] {
  const fail = (
    why: string,
    code: 'CORRUPT_DATA' | 'UNSAFE_INPUT' | 'UNSUPPORTED_FORMAT' = 'CORRUPT_DATA',
  ) => formatError(SCOPE, file, why, code);
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
  const popMark = () => {
    const mark = stack.lastIndexOf(MARK);
    if (mark === -1) throw fail('pickle has no MARK to pop to');
    return stack.splice(mark).slice(1);
  };
  const text = (n: number) => new TextDecoder().decode(bytes.subarray(need(n), at));
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
  for (;;) {
    const op = bytes[need(1)]!;
    switch (op) {
      case 0x80:
        need(1);
        break; // PROTO
      case 0x95:
        need(8);
        break; // FRAME
      case 0x2e: {
        // STOP
        const array = pop() as NdArray;
        if (array?.kind !== 'ndarray' || array.items === undefined)
          throw fail('pickle does not hold a numpy object array');
        return array.items;
      }
      case 0x63:
        stack.push(global(line(), line()));
        break; // GLOBAL
      case 0x93: {
        const name = pop();
        stack.push(global(String(pop()), String(name)));
        break;
      } // STACK_GLOBAL
      case 0x4b:
        stack.push(bytes[need(1)]!);
        break; // BININT1
      case 0x4d:
        stack.push(view.getUint16(need(2), true));
        break; // BININT2
      case 0x4a:
        stack.push(view.getInt32(need(4), true));
        break; // BININT
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
      case 0x4e:
        stack.push(null);
        break; // NONE
      case 0x88:
        stack.push(true);
        break; // NEWTRUE
      case 0x89:
        stack.push(false);
        break; // NEWFALSE
      case 0x29:
        stack.push([]);
        break; // EMPTY_TUPLE
      case 0x85:
        stack.push([pop()]);
        break; // TUPLE1
      case 0x86: {
        const b = pop();
        stack.push([pop(), b]);
        break;
      } // TUPLE2
      case 0x87: {
        const c = pop();
        const b = pop();
        stack.push([pop(), b, c]);
        break;
      } // TUPLE3
      case 0x28:
        stack.push(MARK);
        break; // MARK
      case 0x74:
        stack.push(popMark());
        break; // TUPLE
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x61: {
        const item = pop();
        (stack.at(-1) as unknown[]).push(item);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        const list = stack.at(-1);
        if (!Array.isArray(list)) throw fail('APPENDS to a non-list');
        list.push(...items);
        break;
      } // APPENDS
      case 0x43:
        stack.push(bytes.slice(need(bytes[need(1)]!), at));
        break; // SHORT_BINBYTES
      case 0x42:
        stack.push(bytes.slice(need(view.getUint32(need(4), true)), at));
        break; // BINBYTES
      case 0x55:
        stack.push(text(bytes[need(1)]!));
        break; // SHORT_BINSTRING
      case 0x54:
        stack.push(text(view.getUint32(need(4), true)));
        break; // BINSTRING
      case 0x8c:
        stack.push(text(bytes[need(1)]!));
        break; // SHORT_BINUNICODE
      case 0x58:
        stack.push(text(view.getUint32(need(4), true)));
        break; // BINUNICODE
      case 0x71:
        memo.set(bytes[need(1)]!, stack.at(-1));
        break; // BINPUT
      case 0x72:
        memo.set(view.getUint32(need(4), true), stack.at(-1));
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, stack.at(-1));
        break; // MEMOIZE
      case 0x68:
        stack.push(recall(bytes[need(1)]!));
        break; // BINGET
      case 0x6a:
        stack.push(recall(view.getUint32(need(4), true)));
        break; // LONG_BINGET
      case 0x52: {
        const args = pop();
        stack.push(call(pop(), args, fail));
        break;
      } // REDUCE
      case 0x62: {
        // BUILD: an ndarray's state is (version, shape, dtype, fortran, items)
        const state = pop() as unknown[];
        const target = stack.at(-1) as NdArray | undefined;
        if (target?.kind === 'ndarray') {
          const items = Array.isArray(state) ? state[4] : undefined;
          if (!Array.isArray(items))
            throw fail(
              'the array state holds no item list (not an object array)',
              'UNSUPPORTED_FORMAT',
            );
          target.items = items;
        }
        break;
      }
      default:
        throw fail(
          `pickle opcode 0x${op.toString(16)} is outside the numpy object-array subset`,
          'UNSUPPORTED_FORMAT',
        );
    }
  }
}
