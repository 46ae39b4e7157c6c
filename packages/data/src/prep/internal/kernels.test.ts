import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  columnMeans,
  orthonormalizeColumns,
  projectCentered,
  projectCenteredTransposed,
} from './kernels.js';
import type { MatrixView } from './matrix.js';
import { scatterMatrix } from './scatterMatrix.js';

const centeredScatter = (x: MatrixView, mean: Float64Array) =>
  scatterMatrix(x, mean, { workers: 1 }).scatter;

/** A random rows × cols matrix; sizes cross the 128-row block and the 2 × 4 tile edges. */
const matrices = fc
  .record({
    rows: fc.integer({ min: 1, max: 300 }),
    cols: fc.integer({ min: 1, max: 13 }),
    count: fc.integer({ min: 1, max: 7 }),
    seed: fc.integer(),
  })
  .map(({ rows, cols, count, seed }) => {
    let state = seed >>> 0;
    const next = () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32 - 0.3;
    };
    const x: MatrixView = { rows, cols, data: Float64Array.from({ length: rows * cols }, next) };
    const other = Float64Array.from({ length: Math.max(rows, cols) * count }, next);
    return { x, count, other };
  });

const at = (x: MatrixView, mean: Float64Array, r: number, i: number) =>
  x.data[r * x.cols + i]! - mean[i]!;

describe('PCA kernels', () => {
  it('should compute the centred scatter matrix like the naive triple loop', () => {
    fc.assert(
      fc.property(matrices, ({ x }) => {
        const mean = columnMeans(x);
        const scatter = centeredScatter(x, mean);
        for (let i = 0; i < x.cols; i++) {
          for (let j = 0; j < x.cols; j++) {
            let s = 0;
            for (let r = 0; r < x.rows; r++) s += at(x, mean, r, i) * at(x, mean, r, j);
            expect(scatter[i * x.cols + j]).toBeCloseTo(s, 9);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('should compute the scatter of bytes exactly like the float kernel', () => {
    fc.assert(
      fc.property(matrices, ({ x }) => {
        const bytes = Uint8Array.from(x.data, (v) => Math.floor((v + 0.3) * 256));
        const asBytes: MatrixView = { rows: x.rows, cols: x.cols, data: bytes };
        const mean = columnMeans(asBytes);
        const expected = centeredScatter({ ...asBytes, data: Float64Array.from(bytes) }, mean);
        const actual = centeredScatter(asBytes, mean);
        const scale = Math.max(1, ...expected.map(Math.abs));
        for (const [i, v] of expected.entries()) {
          expect(Math.abs(actual[i]! - v)).toBeLessThanOrEqual(1e-12 * scale * x.rows);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('should project onto vectors and back like the naive loops', () => {
    fc.assert(
      fc.property(matrices, ({ x, count, other }) => {
        const mean = columnMeans(x);
        const vectors = other.subarray(0, count * x.cols);
        const forward = projectCentered(x, mean, vectors, count);
        const weights = other.subarray(0, x.rows * count);
        const backward = projectCenteredTransposed(x, mean, weights, count);
        for (let c = 0; c < count; c++) {
          for (let r = 0; r < x.rows; r++) {
            let s = 0;
            for (let i = 0; i < x.cols; i++) s += at(x, mean, r, i) * vectors[c * x.cols + i]!;
            expect(forward[r * count + c]).toBeCloseTo(s, 9);
          }
          for (let i = 0; i < x.cols; i++) {
            let s = 0;
            for (let r = 0; r < x.rows; r++) s += at(x, mean, r, i) * weights[r * count + c]!;
            expect(backward[c * x.cols + i]).toBeCloseTo(s, 9);
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  it('should orthonormalise columns', () => {
    fc.assert(
      fc.property(matrices, ({ x }) => {
        fc.pre(x.rows >= x.cols);
        const q = Float64Array.from(x.data);
        orthonormalizeColumns(q, x.rows, x.cols);
        for (let a = 0; a < x.cols; a++) {
          for (let b = 0; b < x.cols; b++) {
            let dot = 0;
            for (let r = 0; r < x.rows; r++) dot += q[r * x.cols + a]! * q[r * x.cols + b]!;
            expect(dot).toBeCloseTo(a === b ? 1 : 0, 9);
          }
        }
      }),
      { numRuns: 30 },
    );
  });
});
