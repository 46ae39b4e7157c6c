import { createRng, type DataSplit } from '@qstore/core';

/** Seeded Gaussian blobs around fixed centres: `classes` clusters in `features` dimensions, labels as float64 class indices. */
export function blobs(options: {
  samples: number;
  features?: number;
  classes?: number;
  seed?: number;
  spread?: number;
}): DataSplit {
  const { samples, features = 4, classes = 3, seed = 1, spread = 0.4 } = options;
  // The centres depend on the shape only, so that splits drawn with different seeds share them.
  const centerRng = createRng(`centers:${features}:${classes}`);
  const centers = Array.from({ length: classes }, () =>
    Array.from({ length: features }, () => centerRng.uniform(-2, 2)),
  );
  const rng = createRng(seed);
  const x = new Float64Array(samples * features);
  const y = new Float64Array(samples);
  for (let i = 0; i < samples; i++) {
    const label = i % classes;
    y[i] = label;
    for (let f = 0; f < features; f++)
      x[i * features + f] = centers[label]![f]! + rng.normal(0, spread);
  }
  return {
    x: { dtype: 'float64', shape: [samples, features], data: x },
    y: { dtype: 'float64', shape: [samples], data: y },
  };
}
