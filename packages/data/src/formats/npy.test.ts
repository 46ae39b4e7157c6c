import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { encodeNpy, parseNpy } from './npy.js';

const expected = JSON.parse(readFileSync(fixturePath('npy', 'expected.json'), 'utf8')) as Record<
  string,
  { shape: number[]; values: number[] }
>;

describe('parseNpy', () => {
  for (const [name, want] of Object.entries(expected)) {
    it(`should read ${name}.npy written by numpy exactly`, () => {
      const t = parseNpy(fixtureBytes('npy', `${name}.npy`), `${name}.npy`);
      expect(t.shape).toEqual(want.shape);
      expect(numbers(t.data)).toEqual(want.values);
    });
  }

  it('should map numpy dtypes to tensor dtypes', () => {
    const dtype = (name: string) => parseNpy(fixtureBytes('npy', `${name}.npy`), name).dtype;
    expect(dtype('be_i2')).toBe('int16');
    expect(dtype('be_f8')).toBe('float64');
    expect(dtype('f2')).toBe('float32');
    expect(dtype('v3_i8')).toBe('int64');
    expect(dtype('u1')).toBe('uint8');
  });

  it('should refuse object arrays (pickles) with UNSUPPORTED_FORMAT naming the file', async () => {
    await expectQStoreError(
      () => parseNpy(fixtureBytes('npy', 'object.npy'), 'object.npy'),
      'UNSUPPORTED_FORMAT',
      /object\.npy: dtype '\|O'/,
    );
  });

  it('should refuse a wrong magic and a header lying about its shape', async () => {
    const bytes = fixtureBytes('npy', 'f4.npy');
    const wrongMagic = bytes.slice();
    wrongMagic[1] = 0x41;
    await expectQStoreError(
      () => parseNpy(wrongMagic, 'a.npy'),
      'CORRUPT_DATA',
      /a\.npy: not an npy/,
    );
    const text = new TextDecoder('latin1').decode(bytes);
    const lying = new Uint8Array(Buffer.from(text.replace('(3, 2)', '(3, 9)'), 'latin1'));
    await expectQStoreError(() => parseNpy(lying, 'b.npy'), 'CORRUPT_DATA', /shape \[3, 9\]/);
    await expectQStoreError(
      () => parseNpy(bytes.subarray(0, 90), 'c.npy'),
      'CORRUPT_DATA',
      /c\.npy/,
    );
  });

  it('should round-trip what encodeNpy writes', () => {
    const t = { dtype: 'int32', shape: [2, 2], data: new Int32Array([1, -2, 3, 4]) } as const;
    const back = parseNpy(encodeNpy(t), 'x.npy');
    expect(back).toEqual({ dtype: 'int32', shape: [2, 2], data: new Int32Array([1, -2, 3, 4]) });
  });
});
