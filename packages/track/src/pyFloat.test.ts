import { describe, expect, it } from 'vitest';
import { formatPyFloat, parsePyFloat } from './pyFloat.js';

describe('formatPyFloat', () => {
  it("should write values exactly as Python's str(float)", () => {
    const cases: [number, string][] = [
      [0.9, '0.9'],
      [1, '1.0'],
      [1e-12, '1e-12'],
      [-1.1372838, '-1.1372838'],
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
      [1e16, '1e+16'],
      [1e-5, '1e-05'],
      [0.0001, '0.0001'],
      [1234567890123456, '1234567890123456.0'],
      [1.5e16, '1.5e+16'],
      [-0, '-0.0'],
      [0, '0.0'],
      [123.456, '123.456'],
      [0.1 + 0.2, '0.30000000000000004'],
      [5e-324, '5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [100, '100.0'],
    ];
    for (const [value, text] of cases) expect(formatPyFloat(value)).toBe(text);
  });

  it('should round-trip random doubles through parsePyFloat', () => {
    let seed = 1;
    for (let i = 0; i < 2000; i++) {
      seed = (seed * 16807) % 2147483647;
      const value = (seed / 2147483647 - 0.5) * 10 ** ((seed % 40) - 20);
      expect(parsePyFloat(formatPyFloat(value))).toBe(value);
    }
  });
});

describe('parsePyFloat', () => {
  it("should accept what Python's float() accepts in metric files and refuse the rest", () => {
    expect(parsePyFloat('NaN')).toBeNaN();
    expect(parsePyFloat('Infinity')).toBe(Number.POSITIVE_INFINITY);
    expect(parsePyFloat('-Infinity')).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePyFloat('-inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(parsePyFloat('10000000000000000')).toBe(1e16);
    expect(parsePyFloat('1')).toBe(1);
    expect(parsePyFloat('.5')).toBe(0.5);
    expect(parsePyFloat('0x10')).toBeUndefined();
    expect(parsePyFloat('')).toBeUndefined();
    expect(parsePyFloat('abc')).toBeUndefined();
  });
});
