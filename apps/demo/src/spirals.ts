import { createDataset, createRng, type Dataset, type Seed, tensor } from '@qstore/core';

/** Options of {@link twoSpirals}. */
export interface TwoSpiralsOptions {
  /** Samples per class. @default 100 */
  perClass?: number;
  /** Standard deviation of the gaussian noise added to each point. @default 0.05 */
  noise?: number;
  /** @default 42 */
  seed?: Seed;
}

/**
 * The two-spirals toy problem: two interleaved spiral arms in the plane, labelled 0 and 1.
 * A classic that a linear model cannot separate and a small quantum model can.
 */
export function twoSpirals(options: TwoSpiralsOptions = {}): Dataset {
  const { perClass = 100, noise = 0.05, seed = 42 } = options;
  const rng = createRng(seed);
  const n = 2 * perClass;
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % 2;
    const t = (Math.floor(i / 2) / perClass) * 3 * Math.PI;
    const radius = t / (3 * Math.PI);
    const angle = t + label * Math.PI;
    x[2 * i] = radius * Math.cos(angle) + rng.normal(0, noise);
    x[2 * i + 1] = radius * Math.sin(angle) + rng.normal(0, noise);
    y[i] = label;
  }
  return createDataset({
    train: { x: tensor(x, [n, 2]), y: tensor(y, [n]) },
    metadata: {
      name: 'two_spirals',
      source: 'generated',
      classes: ['arm A', 'arm B'],
      lineage: [
        { operation: 'generate', params: { perClass, noise, seed }, at: new Date(0).toISOString() },
      ],
    },
  });
}
