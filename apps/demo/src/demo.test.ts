import { numSamples } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { holdOut } from './holdOut.js';
import { twoSpirals } from './spirals.js';
import { summarize } from './summarize.js';

describe('demo pipeline', () => {
  it('should generate balanced spirals and hold out a seeded test split', () => {
    const dataset = holdOut(twoSpirals({ perClass: 50, seed: 1 }), 0.2, 1);
    expect(numSamples(dataset, 'train')).toBe(80);
    expect(numSamples(dataset, 'test')).toBe(20);
    const labels = [...(dataset.train.y?.data ?? []), ...(dataset.test?.y?.data ?? [])].map(Number);
    expect(labels.filter((l) => l === 1)).toHaveLength(50);
  });

  it('should give the same split and summary for the same seed and another for another seed', () => {
    const a = summarize(holdOut(twoSpirals({ seed: 7 }), 0.25, 7));
    const b = summarize(holdOut(twoSpirals({ seed: 7 }), 0.25, 7));
    const c = summarize(holdOut(twoSpirals({ seed: 8 }), 0.25, 8));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/train x float64\[150×2\]/);
    expect(a).toMatch(/test {2}x float64\[50×2\]/);
  });
});
