import { fromNested, tensor } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { checkFinite, checkRange, checkShape, validateData } from './dataValidator.js';

describe('DataValidator', () => {
  it('should check shapes with wildcards', () => {
    const images = tensor(new Uint8Array(2 * 4 * 4), [2, 4, 4]);
    expect(checkShape(images, [null, 4, 4])).toEqual({ ok: true });
    expect(checkShape(images, [null, 28, 28])).toEqual({
      ok: false,
      code: 'SHAPE_MISMATCH',
      reason: 'expected shape [*, 28, 28], got [2, 4, 4]',
    });
  });

  it('should count NaN and infinite values', () => {
    const x = fromNested([[1, Number.NaN, Number.POSITIVE_INFINITY, Number.NaN]]);
    expect(checkFinite(x)).toMatchObject({
      ok: false,
      code: 'NON_FINITE',
      reason: expect.stringMatching(/2 NaN and 1 infinite/),
    });
    expect(checkFinite(fromNested([[1, 2]]))).toEqual({ ok: true });
  });

  it('should check the value range', () => {
    const x = fromNested([[0, 0.5, 1.2, -0.1]]);
    const result = checkRange(x, { min: 0, max: 1 });
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/2 are outside \(min -0.1, max 1.2\)/),
    });
    expect(checkRange(x, { min: -1, max: 2 }).ok).toBe(true);
  });

  it('should collect every failed check', () => {
    const x = fromNested([[0, 2, Number.NaN]]);
    const report = validateData(x, {
      shape: [null, 4],
      range: { min: 0, max: 1 },
      quantum: { nQubits: 1, encoding: 'amplitude' },
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toHaveLength(4);
    expect(validateData(fromNested([[0.5, 0.5]]), { range: { min: 0, max: 1 } })).toEqual({
      ok: true,
      problems: [],
    });
  });
});
