import type { SampleKernel } from './sampleKernel.js';

/** Adds a uniform shift in `[-range, range]` to every angle. */
export function phaseShiftKernel(range: number): SampleKernel {
  return (sample, _layout, rng) => {
    for (let i = 0; i < sample.length; i++) sample[i]! += rng.uniform(-range, range);
  };
}

/** Adds Gaussian noise of std `level` to every amplitude, then restores unit L2 norm. */
export function amplitudeNoiseKernel(level: number): SampleKernel {
  return (sample, _layout, rng) => {
    let before = 0;
    for (const v of sample) before += v * v;
    let after = 0;
    for (let i = 0; i < sample.length; i++) {
      sample[i]! += rng.normal(0, level);
      after += sample[i]! ** 2;
    }
    // Keep the row's original length (1 for amplitude-encoded rows).
    const factor = after === 0 ? 0 : Math.sqrt(before / after);
    for (let i = 0; i < sample.length; i++) sample[i]! *= factor;
  };
}

/** Rotates consecutive feature pairs (0,1), (2,3), … by angles in `[-range, range]`; keeps the norm. */
export function randomRotationKernel(range: number): SampleKernel {
  return (sample, _layout, rng) => {
    for (let i = 0; i + 1 < sample.length; i += 2) {
      const angle = rng.uniform(-range, range);
      const cos = Math.cos(angle);
      const sin = Math.sin(angle);
      const a = sample[i]!;
      const b = sample[i + 1]!;
      sample[i] = cos * a - sin * b;
      sample[i + 1] = sin * a + cos * b;
    }
  };
}
