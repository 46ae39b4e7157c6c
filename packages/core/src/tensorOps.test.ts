import { describe, expect, it } from 'vitest';
import { tensor } from './tensor.js';
import { castTensor, numRows, reshape, rowAt, rowSize, sliceRows, takeRows } from './tensorOps.js';

const grid = () =>
  tensor(
    Float64Array.from({ length: 12 }, (_, i) => i),
    [4, 3],
  );

describe('reshape', () => {
  it('should view the same data under a new shape, inferring one -1 axis', () => {
    const t = grid();
    const r = reshape(t, [2, -1]);
    expect(r.shape).toEqual([2, 6]);
    expect(r.data).toBe(t.data);
  });

  it('should reject shapes of another size or with two -1 axes', () => {
    expect(() => reshape(grid(), [5, 2])).toThrowError(/cannot reshape/);
    expect(() => reshape(grid(), [-1, -1])).toThrowError(/at most one -1/);
    expect(() => reshape(grid(), [5, -1])).toThrowError(/divides evenly/);
  });
});

describe('row access', () => {
  it('should give rows and row ranges as views', () => {
    const t = grid();
    expect(numRows(t)).toBe(4);
    expect(rowSize(t)).toBe(3);
    const row = rowAt(t, 2);
    expect([...row.data]).toEqual([6, 7, 8]);
    expect(row.data.buffer).toBe(t.data.buffer);
    const slice = sliceRows(t, 1, 3);
    expect(slice.shape).toEqual([2, 3]);
    expect([...slice.data]).toEqual([3, 4, 5, 6, 7, 8]);
  });

  it('should reject rows out of range', () => {
    expect(() => rowAt(grid(), 4)).toThrowError(/row 4 is out of range \[0, 4\)/);
    expect(() => sliceRows(grid(), 3, 2)).toThrowError(/row range/);
    expect(() => numRows(tensor(new Float64Array(1), []))).toThrowError(/scalar/);
  });

  it('should gather rows in the given order into a copy', () => {
    const t = grid();
    const taken = takeRows(t, [3, 0, 3]);
    expect(taken.shape).toEqual([3, 3]);
    expect([...taken.data]).toEqual([9, 10, 11, 0, 1, 2, 9, 10, 11]);
    expect(() => takeRows(t, [0, 9])).toThrowError(/row index 9 at position 1/);
  });
});

describe('castTensor', () => {
  it('should convert between numeric dtypes including int64', () => {
    const t = tensor(new Float64Array([1.7, -2.2, 3]), [3]);
    expect([...castTensor(t, 'int32').data]).toEqual([1, -2, 3]);
    expect([...castTensor(t, 'int64').data]).toEqual([1n, -2n, 3n]);
    const back = castTensor(castTensor(t, 'int64'), 'float32');
    expect([...back.data]).toEqual([1, -2, 3]);
  });
});
