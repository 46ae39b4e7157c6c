import { describe, expect, it } from 'vitest';
import { isQStoreError } from './errors.js';
import { dtypeOf, fromNested, sizeOf, tensor, validateTensor, zeros } from './tensor.js';

describe('tensor', () => {
  it('should wrap a typed array without copying and infer the dtype', () => {
    const data = new Float32Array(6);
    const t = tensor(data, [2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.data).toBe(data);
    expect(t.shape).toEqual([2, 3]);
  });

  it('should reject a shape that does not match the data length', () => {
    expect(() => tensor(new Uint8Array(5), [2, 3])).toThrowError(
      /needs 6 elements but the data holds 5/,
    );
    try {
      tensor(new Uint8Array(5), [2, 3]);
    } catch (error) {
      expect(isQStoreError(error, 'SHAPE_MISMATCH')).toBe(true);
    }
  });

  it('should reject negative or fractional dimensions', () => {
    expect(() => tensor(new Uint8Array(0), [-1, 0])).toThrowError(/expected non-negative integers/);
    expect(() => zeros([1.5], 'float64')).toThrowError(/non-negative integers/);
  });
});

describe('zeros / sizeOf / dtypeOf', () => {
  it('should allocate a zero tensor of the right size and type', () => {
    const t = zeros([2, 2, 2], 'int64');
    expect(t.data).toBeInstanceOf(BigInt64Array);
    expect(t.data.length).toBe(8);
    expect(sizeOf([])).toBe(1);
    expect(sizeOf([3, 0])).toBe(0);
    expect(dtypeOf(new Uint16Array(1))).toBe('uint16');
    expect(dtypeOf(new Uint8ClampedArray(1))).toBeUndefined();
  });
});

describe('fromNested', () => {
  it('should copy a nested array row-major into the given dtype', () => {
    const t = fromNested(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      'int32',
    );
    expect(t.shape).toEqual([2, 3]);
    expect([...t.data]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.data).toBeInstanceOf(Int32Array);
  });

  it('should reject ragged rows and non-numbers with their path', () => {
    expect(() => fromNested([[1, 2], [3]])).toThrowError(/ragged nested array at root\[1\]/);
    expect(() => fromNested([[1, 'x']])).toThrowError(/expected a number at root\[0\]\[1\]/);
  });
});

describe('validateTensor', () => {
  it('should accept a valid tensor and reject lies about dtype or shape', () => {
    const good = { dtype: 'float64', shape: [2], data: new Float64Array(2) };
    expect(validateTensor(good)).toBe(good);
    expect(() =>
      validateTensor({ dtype: 'float64', shape: [2], data: new Float32Array(2) }, 'x'),
    ).toThrowError(/x: dtype is float64 but data is not a Float64Array/);
    expect(() =>
      validateTensor({ dtype: 'complex', shape: [2], data: new Float32Array(2) }),
    ).toThrowError(/unknown dtype/);
    expect(() =>
      validateTensor({ dtype: 'uint8', shape: [3], data: new Uint8Array(2) }),
    ).toThrowError(/needs 3 elements/);
    expect(() => validateTensor(null)).toThrowError(/expected an object/);
  });
});
