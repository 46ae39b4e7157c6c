/** The name of an allowed global, as the machine holds it on its stack. */
export interface Global {
  kind: 'global';
  name: string;
}
/** Makes the error the machine throws, naming the file. */
export type Fail = (
  why: string,
  code?: 'CORRUPT_DATA' | 'UNSAFE_INPUT' | 'UNSUPPORTED_FORMAT',
) => Error;

/**
 * A long bytes/string payload a `PickleMachine` handed to its caller instead of reading it:
 * `raw` bytes (BINSTRING/BINBYTES), `text` (BINUNICODE), or `latin1`: text turned into bytes by
 * `_codecs.encode(…, 'latin1')`, as Python 3's protocol 2 pickles bytes.
 */
export interface DeferredBytes {
  readonly kind: 'deferred';
  readonly length: number;
  readonly encoding: 'raw' | 'text' | 'latin1';
}

/** Whether a value is a {@link DeferredBytes} placeholder. */
export function isDeferred(value: unknown): value is DeferredBytes {
  return (value as DeferredBytes | null)?.kind === 'deferred';
}

/**
 * A numpy array as its pickle describes it: `descr` is numpy's dtype string with byte order (e.g.
 * `|u1`, `<f8`, `|O8`), `data` the raw bytes, or the items of an object array (or, only for a
 * machine given a `defer` hook, the placeholder of the bytes it handed out).
 */
export interface PickledArray {
  readonly kind: 'ndarray';
  readonly shape: readonly number[];
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly data: Uint8Array | readonly unknown[] | DeferredBytes;
}

/** An array or dtype while the pickle machine builds it. */
interface Building {
  kind: 'ndarray' | 'dtype';
  descr?: string;
  shape?: number[];
  fortranOrder?: boolean;
  data?: Uint8Array | unknown[] | DeferredBytes;
}
const latin1 = new TextDecoder('latin1');

/** Python 2 `str` and Python 3 `str` both read as text where numpy expects a name. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  return value instanceof Uint8Array ? latin1.decode(value) : undefined;
}

/** REDUCE of an allowed global: numpy's array and dtype builders, or `_codecs.encode`. */
export function callGlobal(fn: unknown, args: unknown, fail: Fail): unknown {
  const name = (fn as Global | undefined)?.kind === 'global' ? (fn as Global).name : '';
  const list = Array.isArray(args) ? args : [];
  if (name.endsWith('_reconstruct') || name === 'numpy ndarray')
    return { kind: 'ndarray' } satisfies Building;
  if (name === 'numpy dtype') {
    const descr = asText(list[0]);
    if (descr === undefined) throw fail('numpy.dtype is called without a type name');
    return { kind: 'dtype', descr } satisfies Building;
  }
  if (name === '_codecs encode') {
    // protocol 2 from Python 3 writes bytes as _codecs.encode(text, 'latin1')
    if (isDeferred(list[0])) {
      if (list[0].encoding !== 'text' || list[1] !== 'latin1')
        throw fail('_codecs.encode of a deferred payload that is not latin1 text');
      return { ...list[0], encoding: 'latin1' } satisfies DeferredBytes;
    }
    const text = String(list[0] ?? '');
    if (list[1] !== 'latin1') return new TextEncoder().encode(text);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code > 255) throw fail('_codecs.encode(…, latin1) of a character above 255');
      out[i] = code;
    }
    return out;
  }
  throw fail('REDUCE of something that is not an allowed global');
}

/** BUILD: numpy's `__setstate__` of a dtype `(version, byteorder, …)` or an array `([version,] shape, dtype, fortran, data)`. */
export function build(target: unknown, state: unknown, fail: Fail): void {
  const t = target as Building | undefined;
  if (t?.kind === 'dtype') {
    const order = Array.isArray(state) ? asText(state[1]) : undefined;
    if (order === undefined || !'<>|='.includes(order) || order.length !== 1)
      throw fail('numpy dtype state has no byte order');
    t.descr = `${order}${t.descr}`;
    return;
  }
  if (t?.kind !== 'ndarray') throw fail('BUILD of something that is not a numpy array or dtype');
  const s = Array.isArray(state) && state.length === 5 ? state.slice(1) : state;
  const [shape, dtype, fortran, data] = Array.isArray(s) ? s : [];
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
    throw fail('numpy array state has no valid shape');
  const descr = (dtype as Building | undefined)?.kind === 'dtype' ? (dtype as Building).descr : '';
  if (!descr) throw fail('numpy array state has no dtype');
  const deferredBytes = isDeferred(data) && data.encoding !== 'text';
  if (!(data instanceof Uint8Array) && !Array.isArray(data) && !deferredBytes)
    throw fail('numpy array state holds neither raw bytes nor an item list');
  Object.assign(t, { shape, descr, fortranOrder: fortran === true, data });
}
