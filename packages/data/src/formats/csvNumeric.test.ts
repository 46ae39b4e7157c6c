import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { numbers } from '../../test/helpers/fixtures.js';
import { parseCsv } from './csv.js';
import { type NumericTable, parseNumericCsv } from './csvNumeric.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const fast = (text: string, delimiter = ',') =>
  parseNumericCsv(bytes(text), { start: 0, delimiter, firstLine: 1 });

/** The spellings of one double a CSV writer may produce (numpy, pandas, JS, C printf). */
const spelling = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc
    .double({ noNaN: true, noDefaultInfinity: true, min: -1e21, max: 1e21 })
    .chain((v) => fc.integer({ min: 0, max: 20 }).map((k) => v.toFixed(k))),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .chain((v) => fc.integer({ min: 0, max: 20 }).map((k) => v.toExponential(k))),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .chain((v) => fc.integer({ min: 1, max: 21 }).map((k) => v.toPrecision(k))),
  fc
    .tuple(
      fc.constantFrom('', '-', '+'),
      fc.stringMatching(/^[0-9]{0,25}$/),
      fc.constantFrom('', '.'),
      fc.stringMatching(/^[0-9]{0,25}$/),
      fc.constantFrom('', 'e', 'E', 'e-', 'E+'),
      fc.stringMatching(/^[0-9]{1,3}$/),
    )
    .map(
      ([sign, int, dot, frac, e, exp]) => `${sign}${int || '0'}${dot}${frac}${e ? e + exp : ''}`,
    ),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map(String),
);

describe('parseNumericCsv', () => {
  it('should read every spelling of a number exactly as Number() does (fast-check)', () =>
    fc.assert(
      fc.property(fc.array(spelling, { minLength: 1, maxLength: 40 }), (texts) => {
        const table = fast(`${texts.join(',')}\n${texts.join(',')}`) as NumericTable;
        expect(table.rows).toBe(2);
        for (const [k, text] of texts.entries()) {
          expect(Object.is(table.values[k], Number(text)), `${text} → ${table.values[k]}`).toBe(
            true,
          );
        }
      }),
      { numRuns: 2000 },
    ));

  it('should round hard decimal cases correctly (halfway, long mantissas, extreme exponents)', () => {
    const texts = [
      '0.1',
      '0.3',
      '9007199254740993',
      '9007199254740992.5',
      '123456789012345678901234567890',
      '2.2250738585072011e-308',
      '4.9e-324',
      '1.7976931348623157e308',
      '1e309',
      '-0',
      '-0.0e5',
      '0.000000000000000000001',
      '1e22',
      '1e23',
      '8.98846567431158e307',
      '5.',
      '.5',
    ];
    const table = fast(texts.join(',')) as NumericTable;
    expect(Array.from(table.values)).toEqual(texts.map(Number));
    expect(Object.is(table.values[9], -0)).toBe(true);
  });

  it('should handle CRLF, CR, blank lines and a missing trailing newline alike', () => {
    const want = [1, 2, 3, 4];
    for (const text of ['1,2\r\n3,4\r\n', '1,2\r3,4', '1,2\n\n3,4\n\n', '1,2\r\n\r\n3,4']) {
      const table = fast(text) as NumericTable;
      expect([table.rows, table.columns, ...table.values]).toEqual([2, 2, ...want]);
    }
  });

  it('should read empty fields and nan as NaN, and runs of blanks with the whitespace delimiter', () => {
    const table = fast('1,,nan\n-NaN,2,\n') as NumericTable;
    expect(Array.from(table.values)).toEqual([
      1,
      Number.NaN,
      Number.NaN,
      Number.NaN,
      2,
      Number.NaN,
    ]);
    const ws = fast('  1 \t 2.5e1\n3   -4  \n', 'whitespace') as NumericTable;
    expect([ws.rows, ws.columns, ...ws.values]).toEqual([2, 2, 1, 25, 3, -4]);
  });

  it('should leave quoted, blank-padded and text fields to the general path', () => {
    for (const text of ['"1",2\n', '1, 2\n', '1,x\n', '1,Infinity\n', '1,1e\n', '1,0x10\n']) {
      expect(fast(text), text).toBeUndefined();
    }
    expect(fast('1;2', ';')).toMatchObject({ rows: 1, columns: 2 });
    expect(fast('1,2', '::')).toBeUndefined();
  });

  it('should report the first ragged row with its line number', () => {
    expect(fast('1,2\r\n3,4\r\n5\r\n6,7\r\n')).toEqual({
      ragged: true,
      line: 3,
      fields: 1,
      expected: 2,
    });
  });

  it('should grow past its first guess of the table size', () => {
    const row = Array.from({ length: 97 }, (_, c) => `${c}.25`).join(',');
    const table = fast(Array.from({ length: 1000 }, () => row).join('\n')) as NumericTable;
    expect([table.rows, table.columns, table.values.length]).toEqual([1000, 97, 97000]);
    expect(table.values[96_999]).toBe(96.25);
  });
});

describe('parseCsv on the fast path', () => {
  it('should squeeze out a label column in any position, in float64 and float32', () => {
    const text = 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n';
    for (const [label, x, y] of [
      [0, [2, 3, 5, 6, 8, 9], [1, 4, 7]],
      [1, [1, 3, 4, 6, 7, 9], [2, 5, 8]],
      [-1, [1, 2, 4, 5, 7, 8], [3, 6, 9]],
    ] as const) {
      for (const dtype of ['float64', 'float32'] as const) {
        const t = parseCsv(bytes(text), 'l.csv', { labelColumn: label, dtype });
        expect([t.x.dtype, ...t.x.shape]).toEqual([dtype, 3, 2]);
        expect(numbers(t.x.data)).toEqual(x);
        expect(numbers(t.y!.data)).toEqual(y);
      }
    }
  });

  it('should give the same table for a quoted file (papaparse) as for its plain twin', () => {
    const plain = parseCsv(bytes('a,b\r\n1.5,2\r\n3,-4e-2\r\n'), 'p.csv', { labelColumn: 'b' });
    const quoted = parseCsv(bytes('"a","b"\r\n"1.5",2\r\n3,"-4e-2"\r\n'), 'q.csv', {
      labelColumn: 'b',
    });
    expect(numbers(quoted.x.data)).toEqual(numbers(plain.x.data));
    expect(numbers(quoted.y!.data)).toEqual(numbers(plain.y!.data));
    expect(quoted.columns).toEqual(plain.columns);
  });
});
