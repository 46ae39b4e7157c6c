import { describe, expect, it } from 'vitest';
import { numpyShuffler } from './numpyShuffle.js';

describe('numpyShuffler', () => {
  it("should equal numpy's RandomState(113).shuffle for Keras' sizes", () => {
    // reference values printed by numpy 1.24.2 (np.random.RandomState(113).shuffle(np.arange(n)))
    expect(Array.from(numpyShuffler(113).permutation(506).subarray(0, 5))).toEqual([
      22, 202, 368, 335, 461,
    ]);
    const large = numpyShuffler(113).permutation(20640);
    expect(Array.from(large.subarray(0, 5))).toEqual([4380, 8381, 15859, 10108, 9370]);
    expect(Array.from(large.subarray(-3))).toEqual([16236, 4828, 14501]);
    expect(Array.from(numpyShuffler(113).permutation(600).subarray(0, 5))).toEqual([
      568, 505, 59, 71, 298,
    ]);
  });

  it('should produce a permutation', () => {
    const p = numpyShuffler(7).permutation(1000);
    expect(new Set(p).size).toBe(1000);
  });
});
