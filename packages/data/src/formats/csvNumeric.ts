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

// bytes that may appear inside a number (digits are handled separately): . + - e E n a N A
const NUMBER_CHAR = new Uint8Array(256);
for (const ch of '.+-eEnaNA') NUMBER_CHAR[ch.charCodeAt(0)] = 1;
const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;

function slowNumber(bytes: Uint8Array, start: number, end: number): number | undefined {
  const text = String.fromCharCode(...bytes.subarray(start, end));
  const value = Number(text);
  if (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)) return undefined;
  return value;
}

/**
 * Parses delimited ASCII numbers in one pass over the bytes, with no string per field: integers
 * are accumulated directly, other numbers go through `Number()` on the field, so results are exact.
 * Returns `undefined` when a field is not numeric (the caller falls back to papaparse), or a
 * {@link RaggedRow} when a line has the wrong field count.
 */
export function parseNumericCsv(
  bytes: Uint8Array,
  options: { start: number; delimiter: string | 'whitespace'; firstLine: number },
): NumericTable | RaggedRow | undefined {
  const ws = options.delimiter === 'whitespace';
  const delim = ws ? -1 : options.delimiter.charCodeAt(0);
  if (delim > 127) return undefined;
  let values = new Float64Array(1 << 16);
  let count = 0;
  let columns = -1;
  let rows = 0;
  let line = options.firstLine;
  let fields = 0;
  let i = options.start;
  const n = bytes.length;
  while (i <= n) {
    if (ws) while (i < n && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
    const start = i;
    let integer = 0;
    let simple = true;
    let c = i < n ? bytes[i]! : LF;
    while (c !== delim && c !== LF && c !== CR && !(ws && (c === SPACE || c === TAB))) {
      const digit = c - 48;
      if (digit >= 0 && digit <= 9) integer = integer * 10 + digit;
      else if (NUMBER_CHAR[c] === 1) simple = false;
      else return undefined;
      c = ++i < n ? bytes[i]! : LF;
    }
    const end = i;
    if (!(fields === 0 && end === start && c !== delim)) {
      let value: number | undefined = Number.NaN;
      if (end > start) value = simple && end - start < 16 ? integer : slowNumber(bytes, start, end);
      if (value === undefined) return undefined;
      if (count === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      values[count++] = value;
      fields++;
    }
    if (ws) while (i < n && (bytes[i] === SPACE || bytes[i] === TAB)) i++;
    c = i < n ? bytes[i]! : LF;
    if (c === delim) {
      i++;
      continue;
    }
    if (ws && i > end && i < n && c !== LF && c !== CR) continue; // blanks separated two fields
    if (fields > 0) {
      if (columns === -1) columns = fields;
      else if (fields !== columns) return { ragged: true, line, fields, expected: columns };
      rows++;
    }
    fields = 0;
    line++;
    if (c === CR && bytes[i + 1] === LF) i++;
    i++;
  }
  return { values: values.subarray(0, count), rows, columns: Math.max(columns, 0) };
}
