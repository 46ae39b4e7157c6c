import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { numbers } from '../../test/helpers/fixtures.js';
import { parseCsv } from './csv.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('parseCsv', () => {
  it('should read numeric CSV on the fast path with a label column by name', () => {
    const t = parseCsv(bytes('a,b,y\r\n1,2.5,0\r\n-3,1e3,1\r\n\r\n'), 'n.csv', {
      labelColumn: 'y',
    });
    expect(t.x).toMatchObject({ shape: [2, 2] });
    expect(numbers(t.x.data)).toEqual([1, 2.5, -3, 1000]);
    expect(t.y).toMatchObject({ dtype: 'int32', shape: [2] });
    expect(t.columns).toEqual(['a', 'b']);
  });

  it('should read quoted and text fields through papaparse and index text labels', () => {
    const t = parseCsv(bytes('"x 1",x2,kind\n"1",2,"b, c"\n3,4,a\n'), 'q.csv', {
      labelColumn: -1,
      dtype: 'float32',
    });
    expect(t.x.dtype).toBe('float32');
    expect(numbers(t.x.data)).toEqual([1, 2, 3, 4]);
    expect(t.classes).toEqual(['a', 'b, c']);
    expect(numbers(t.y!.data)).toEqual([1, 0]);
  });

  it('should keep non-integer targets as float64 and read other delimiters', () => {
    const t = parseCsv(bytes('p;q\n1;0.5\n2;1.5\n'), 's.csv', { delimiter: ';', labelColumn: 1 });
    expect(t.y).toMatchObject({ dtype: 'float64' });
    expect(numbers(t.y!.data)).toEqual([0.5, 1.5]);
  });

  it('should refuse ragged rows naming the line, on both paths', async () => {
    await expectQStoreError(
      () => parseCsv(bytes('a,b\n1,2\n3\n'), 'r.csv'),
      'CORRUPT_DATA',
      /r\.csv: line 3 has 1 fields; expected 2/,
    );
    await expectQStoreError(
      () => parseCsv(bytes('a,b\n1,x\n3,y,z\n'), 'r2.csv'),
      'CORRUPT_DATA',
      /r2\.csv: line 3 has 3 fields; expected 2/,
    );
  });

  it('should refuse a text feature, an unknown label column and a wrong sklearn count', async () => {
    await expectQStoreError(
      () => parseCsv(bytes('a,b\n1,x\n'), 't.csv'),
      'PARSE_ERROR',
      /t\.csv: line 2, column b: "x" is not a number/,
    );
    await expectQStoreError(
      () => parseCsv(bytes('a,b\n1,2\n'), 'l.csv', { labelColumn: 'c' }),
      'PARSE_ERROR',
      /label column "c" is not among/,
    );
    await expectQStoreError(
      () => parseCsv(bytes('3,1,u,v\n1,0\n'), 'k.csv', { header: 'sklearn' }),
      'CORRUPT_DATA',
      /announces 3 samples but 1 rows/,
    );
  });
});
