import { describe, expect, it } from 'vitest';
import { isQStoreError } from './errors.js';
import { createRng, restoreRng } from './rng.js';

const draw = (rng: ReturnType<typeof createRng>, n: number) =>
  Array.from({ length: n }, (_, i) =>
    i % 3 === 0 ? rng.normal() : i % 3 === 1 ? rng.next() : rng.int(0, 1000),
  );

describe('createRng', () => {
  it('should give the same sequence for the same seed and another for another seed', () => {
    expect(draw(createRng(42), 50)).toEqual(draw(createRng(42), 50));
    expect(draw(createRng('42'), 50)).toEqual(draw(createRng(42), 50));
    expect(draw(createRng(43), 50)).not.toEqual(draw(createRng(42), 50));
  });

  it('should pin the first draws of seed 42 so that a dependency update cannot change them silently', () => {
    const rng = createRng(42);
    const first = [rng.next(), rng.next(), rng.next()];
    expect(first.map((v) => v.toFixed(12))).toMatchInlineSnapshot(`
      [
        "0.684863496466",
        "0.845593318622",
        "0.563738122108",
      ]
    `);
  });

  it('should keep draws inside their ranges', () => {
    const rng = createRng(7);
    for (let i = 0; i < 10_000; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      const k = rng.int(-3, 4);
      expect(Number.isInteger(k) && k >= -3 && k < 4).toBe(true);
      const f = rng.uniform(2, 5);
      expect(f >= 2 && f < 5).toBe(true);
    }
  });

  it('should draw normals with mean ≈ 0 and std ≈ 1', () => {
    const rng = createRng(1);
    const n = 200_000;
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      sumSq += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(Math.sqrt(sumSq / n - mean * mean) - 1)).toBeLessThan(0.01);
  });

  it('should produce permutations that contain every index once', () => {
    const p = createRng(3).permutation(1000);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...p]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('should fork deterministic independent streams', () => {
    const a = createRng(5);
    const b = createRng(5);
    expect(draw(a.fork(), 10)).toEqual(draw(b.fork(), 10));
    expect(draw(a, 10)).toEqual(draw(b, 10));
  });

  it('should reject bad arguments with a QStoreError', () => {
    expect(() => createRng(Number.NaN)).toThrowError(/finite number/);
    expect(() => createRng(1).int(3, 3)).toThrowError(/min < maxExclusive/);
    expect(() => createRng(1).choice([])).toThrowError(/non-empty/);
  });
});

describe('restoreRng', () => {
  it('should continue the exact same sequence after a JSON round trip of the state', () => {
    const original = createRng('checkpoint');
    draw(original, 17); // leaves a spare normal cached
    const saved = JSON.parse(JSON.stringify(original.getState()));
    const expected = draw(original, 100);
    expect(draw(restoreRng(saved), 100)).toEqual(expected);
  });

  it('should reject a state that is not an rng state', () => {
    try {
      restoreRng({ algorithm: 'mt19937' });
      expect.unreachable();
    } catch (error) {
      expect(isQStoreError(error, 'INVALID_CONFIG')).toBe(true);
      expect((error as Error).message).toMatch(/invalid rng state: algorithm/);
    }
  });
});
