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

const NUMERIC = new Uint8Array(128);
for (const ch of '0123456789.+-eEinfINFaA') NUMERIC[ch.charCodeAt(0)] = 1;

/**
 * Parses delimited text made only of numbers in one pass over the characters (no per-field string
 * split). Integers are accumulated directly; other numbers go through `Number()` on the field, so
 * results are exact. Returns `undefined` when a field is not numeric (the caller falls back to
 * papaparse), or a {@link RaggedRow} when a line has the wrong field count.
 */
export function parseNumericCsv(
  text: string,
  options: { start: number; delimiter: string | 'whitespace'; firstLine: number },
): NumericTable | RaggedRow | undefined {
  const ws = options.delimiter === 'whitespace';
  const delim = ws ? -1 : options.delimiter.charCodeAt(0);
  let capacity = 1024;
  let values = new Float64Array(capacity);
  let count = 0;
  let columns = -1;
  let rows = 0;
  let line = options.firstLine;
  let fieldsInRow = 0;
  let i = options.start;
  const n = text.length;
  while (i <= n) {
    // skip leading blanks of a field in whitespace mode
    if (ws) while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    const start = i;
    let integer = 0;
    let simple = true;
    let c = i < n ? text.charCodeAt(i) : 10;
    while (i < n && c !== delim && c !== 10 && c !== 13 && !(ws && (c === 32 || c === 9))) {
      if (c >= 48 && c <= 57) integer = integer * 10 + (c - 48);
      else if (c >= 128 || NUMERIC[c] !== 1) return undefined;
      else simple = false;
      c = text.charCodeAt(++i);
    }
    const end = i;
    const emptyLine = fieldsInRow === 0 && end === start && (i >= n || c === 10 || c === 13);
    if (!emptyLine) {
      let value: number;
      if (end === start) value = Number.NaN;
      else if (simple && end - start < 16) value = integer;
      else {
        value = Number(text.slice(start, end));
        if (Number.isNaN(value) && !/^[+-]?nan$/i.test(text.slice(start, end))) return undefined;
      }
      if (count === capacity) {
        capacity *= 2;
        const grown = new Float64Array(capacity);
        grown.set(values);
        values = grown;
      }
      values[count++] = value;
      fieldsInRow++;
    }
    if (ws) while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    c = i < n ? text.charCodeAt(i) : 10;
    if (c === delim) {
      i++;
      continue;
    }
    if (ws && i > end && i < n && c !== 10 && c !== 13) continue; // blanks separated two fields
    // end of a line (or of the text)
    if (fieldsInRow > 0) {
      if (columns === -1) columns = fieldsInRow;
      else if (fieldsInRow !== columns)
        return { ragged: true, line, fields: fieldsInRow, expected: columns };
      rows++;
    }
    fieldsInRow = 0;
    line++;
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    i++;
  }
  return { values: values.subarray(0, count), rows, columns: Math.max(columns, 0) };
}
