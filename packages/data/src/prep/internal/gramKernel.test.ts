import { describe, expect, it } from 'vitest';
import { byteGram } from './byteScatter.js';

describe('the WebAssembly Gram kernel', () => {
  it('should sum 255 · 255 over many blocks exactly, with rows and features off the tile edges', () => {
    // The largest products in every lane: 1,100 rows span three 512-row blocks, the last one short.
    const rows = 1100;
    const d = 7;
    const data = new Uint8Array(rows * d).fill(255);
    data[3] = 1; // row 0, feature 3
    const stride = 8;
    const gram = new Float64Array(d * stride);
    byteGram(data, d, { start: 0, end: rows }, { gram, stride });
    for (let i = 0; i < d; i++) {
      for (let j = i; j < d; j++) {
        const first = (i === 3 ? 1 : 255) * (j === 3 ? 1 : 255);
        expect(gram[i * stride + j]).toBe((rows - 1) * 255 * 255 + first);
      }
    }
    const part = new Float64Array(d * stride);
    byteGram(data, d, { start: 600, end: rows }, { gram: part, stride });
    expect(part[0]).toBe(500 * 255 * 255);
  });
});
