/** A numeric table read by the fast path: row-major values and the column count. */
export interface NumericTable {
  readonly values: Float64Array;
  readonly rows: number;
  readonly columns: number;
}

/** Where a row has a different field count than the first row (for the ragged-row error). */
export interface RaggedRow {
  readonly ragged: true;
  readonly line: number;
  readonly fields: number;
  readonly expected: number;
}

// Bytes that may appear in a number `Number()` has to read (nan, infinities are refused: papaparse).
const OTHER_NUMBER_CHAR = new Uint8Array(257);
for (const ch of '0123456789.+-eEnaNA') OTHER_NUMBER_CHAR[ch.charCodeAt(0)] = 1;
// Exact powers of ten: a mantissa below 2^53 times or divided by one of these is correctly rounded.
const POW10 = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT = 2 ** 53;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const EOF = 256;
const DOT = 46;
const MINUS = 45;
const PLUS = 43;

function slowNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  const text = String.fromCharCode(...bytes.subarray(start, end));
  const value = Number(text);
  if (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)) return undefined;
  return value;
}

/** Field terminators: 1 = ends the field, 2 = ends the line too (LF, CR, end of input). */
function stopTable(delim: number, whitespace: boolean): Uint8Array {
  const stop = new Uint8Array(257);
  stop[LF] = 2;
  stop[CR] = 2;
  stop[EOF] = 2;
  if (whitespace) {
    stop[SPACE] = 1;
    stop[TAB] = 1;
  } else stop[delim] = 1;
  return stop;
}

/** Grows the value buffer to about what the rest of the input needs, judged by the bytes per value so far. */
function grow(values: Float64Array, read: number, left: number): Float64Array<ArrayBuffer> {
  const perValue = Math.max(1, read / values.length);
  const grown = new Float64Array(values.length + Math.ceil((left / perValue) * 1.1) + 1024);
  grown.set(values);
  return grown;
}

/** Where {@link scanNumber} stopped: the index of the byte that ended the field. */
interface Cursor {
  end: number;
}

/**
 * Reads one field as a number, from `start` up to the first byte that `stop` marks. Decimal and
 * exponent forms whose digits fit below 2^53 and whose power of ten is at most 22 are computed
 * exactly (one correctly rounded multiply or divide, so the result equals `Number()`'s); longer
 * mantissas, larger exponents and `nan` go through `Number()`. Returns `undefined` for a field that
 * is not a number, NaN for an empty one.
 */
function scanNumber(
  bytes: Uint8Array,
  start: number,
  stop: Uint8Array,
  at: Cursor,
): number | undefined {
  const n = bytes.length;
  let i = start;
  let c = i < n ? bytes[i]! : EOF;
  const negative = c === MINUS;
  if (negative || c === PLUS) c = ++i < n ? bytes[i]! : EOF;
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let digit = c - 48;
  while (digit >= 0 && digit <= 9) {
    mantissa = mantissa * 10 + digit;
    digits++;
    c = ++i < n ? bytes[i]! : EOF;
    digit = c - 48;
  }
  if (c === DOT) {
    c = ++i < n ? bytes[i]! : EOF;
    digit = c - 48;
    while (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      exponent--;
      c = ++i < n ? bytes[i]! : EOF;
      digit = c - 48;
    }
  }
  if ((c === 101 || c === 69) && digits > 0) {
    // e / E, then an optionally signed integer
    c = ++i < n ? bytes[i]! : EOF;
    const minus = c === MINUS;
    if (minus || c === PLUS) c = ++i < n ? bytes[i]! : EOF;
    let power = 0;
    let powerDigits = 0;
    digit = c - 48;
    while (digit >= 0 && digit <= 9) {
      if (power < 1e6) power = power * 10 + digit;
      powerDigits++;
      c = ++i < n ? bytes[i]! : EOF;
      digit = c - 48;
    }
    if (powerDigits === 0) digits = 0; // "1e", "1e+": Number() refuses them below
    exponent += minus ? -power : power;
  }
  let simple = digits > 0;
  while (stop[c] === 0) {
    // what the scanner did not expect: nan, "1.2.3", a quote, text …
    if (OTHER_NUMBER_CHAR[c] !== 1) return undefined;
    simple = false;
    c = ++i < n ? bytes[i]! : EOF;
  }
  at.end = i;
  if (simple && mantissa < MAX_EXACT && exponent >= -22 && exponent <= 22) {
    const value = exponent < 0 ? mantissa / POW10[-exponent]! : mantissa * POW10[exponent]!;
    return negative ? -value : value;
  }
  return i > start ? slowNumber(bytes, start, i) : Number.NaN;
}

/**
 * Parses delimited ASCII numbers in one pass over the bytes, with no string per field: short
 * unsigned integers are accumulated inline, other fields go through an exact decimal scanner (see
 * `scanNumber`), and values land in one growing Float64Array. Returns `undefined` when a field is
 * not numeric (quotes, text, inner blanks: the caller falls back to papaparse), or a
 * {@link RaggedRow} when a line has the wrong field count. Empty fields are NaN; empty lines are skipped.
 */
export function parseNumericCsv(
  bytes: Uint8Array,
  options: { start: number; delimiter: string | 'whitespace'; firstLine: number },
): NumericTable | RaggedRow | undefined {
  const ws = options.delimiter === 'whitespace';
  const delim = ws ? -1 : options.delimiter.charCodeAt(0);
  if (delim > 127 || (!ws && options.delimiter.length !== 1)) return undefined;
  const stop = stopTable(delim, ws);
  const at: Cursor = { end: 0 };
  const n = bytes.length;
  let values = new Float64Array(Math.min(1 << 16, n + 1));
  let count = 0;
  let columns = -1;
  let rows = 0;
  let line = options.firstLine;
  let fields = 0;
  let i = options.start;
  let c = i < n ? bytes[i]! : EOF;
  for (;;) {
    if (ws) while (c === SPACE || c === TAB) c = ++i < n ? bytes[i]! : EOF;
    const start = i;
    // the common case inline: an unsigned integer of at most 9 digits (exact in int32)
    let integer = 0;
    let digit = c - 48;
    while (digit >= 0 && digit <= 9) {
      integer = (integer * 10 + digit) | 0;
      c = ++i < n ? bytes[i]! : EOF;
      digit = c - 48;
    }
    let value: number | undefined = integer;
    if (stop[c] === 0 || i - start > 9) {
      value = scanNumber(bytes, start, stop, at);
      if (value === undefined) return undefined;
      i = at.end;
      c = i < n ? bytes[i]! : EOF;
    }
    if (i === start) {
      if (fields === 0 && stop[c] === 2)
        value = undefined; // an empty line
      else value = Number.NaN;
    }
    if (value !== undefined) {
      if (count === values.length) values = grow(values, i - options.start, n - i);
      values[count++] = value;
      fields++;
    }
    const end = i;
    if (ws) while (c === SPACE || c === TAB) c = ++i < n ? bytes[i]! : EOF;
    if (stop[c] === 1) {
      c = ++i < n ? bytes[i]! : EOF;
      continue;
    }
    if (ws && i > end && stop[c] !== 2) continue; // blanks separated two fields
    if (fields > 0) {
      if (columns === -1) columns = fields;
      else if (fields !== columns) return { ragged: true, line, fields, expected: columns };
      rows++;
    }
    if (c === EOF) break;
    fields = 0;
    line++;
    if (c === CR && bytes[i + 1] === LF) i++;
    c = ++i < n ? bytes[i]! : EOF;
  }
  return { values: values.subarray(0, count), rows, columns: Math.max(columns, 0) };
}
