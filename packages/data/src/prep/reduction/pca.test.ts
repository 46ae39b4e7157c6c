import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { buildScatterWorker } from '../../../test/helpers/scatterWorker.js';
import { defaultWorkers } from '../internal/scatterMatrix.js';
import { Pca, pca } from './pca.js';

interface SklearnCase {
  name: string;
  nComponents: number;
  shape: [number, number];
  x: number[];
  mean: number[];
  components: number[][];
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  singularValues: number[];
  projected: number[][];
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/prep/pca-sklearn.json', import.meta.url), 'utf8'),
) as { cases: SklearnCase[] };

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i]! - expected[i]!), `index ${i}`).toBeLessThanOrEqual(tolerance);
  }
}

/** Compares components up to the sign of each one. */
function expectSameAxes(model: Pca, expected: number[][], tolerance: number) {
  const d = model.nFeatures;
  const ours = model.components.data;
  expected.forEach((axis, c) => {
    const row = ours.subarray(c * d, (c + 1) * d);
    const sign = Math.sign(row.reduce((s, v, i) => s + v * axis[i]!, 0));
    expectClose(
      row.map((v) => v * sign),
      axis,
      tolerance,
    );
  });
}

describe('Pca', () => {
  for (const method of ['covariance', 'randomized'] as const) {
    for (const c of fixture.cases) {
      it(`should agree with scikit-learn on the ${c.name} case (${method})`, () => {
        const x = tensor<'float64'>(Float64Array.from(c.x), c.shape);
        const model = Pca.fit(x, { nComponents: c.nComponents, method, seed: 3 });
        expectClose(model.explainedVarianceRatio, c.explainedVarianceRatio, 1e-6);
        expectClose(model.mean, c.mean, 1e-12);
        const scale = c.explainedVariance[0]!;
        expectClose(
          model.explainedVariance.map((v) => v / scale),
          c.explainedVariance.map((v) => v / scale),
          1e-9,
        );
        expectSameAxes(model, c.components, 1e-6);
      });
    }
  }

  it('should project and reconstruct: full rank reconstructs the data exactly', () => {
    const c = fixture.cases[0]!;
    const x = tensor<'float64'>(Float64Array.from(c.x), c.shape);
    const { projected, model } = pca(x, { nComponents: c.nComponents });
    expect(projected.shape).toEqual([c.shape[0], c.nComponents]);
    const sign = model.components.data
      .subarray(0, c.shape[1])
      .reduce((s, v, i) => s + v * c.components[0]![i]!, 0);
    expect(projected.data[0]! * Math.sign(sign)).toBeCloseTo(c.projected[0]![0]!, 9);
    const full = Pca.fit(x, { nComponents: c.shape[1] });
    expectClose(full.inverseTransform(full.transform(x)).data, x.data, 1e-9);
  });

  it('should make the same model after a JSON round trip', () => {
    const c = fixture.cases[1]!;
    const x = tensor<'float64'>(Float64Array.from(c.x), c.shape);
    const model = Pca.fit(x, { nComponents: 3 });
    const restored = Pca.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(restored.transform(x).data).toEqual(model.transform(x).data);
    expect(restored.outputDim).toBe(3);
  });

  it('should give the same randomized result for the same seed', () => {
    const c = fixture.cases[0]!;
    const x = tensor<'float64'>(Float64Array.from(c.x), c.shape);
    const options = {
      nComponents: 2,
      method: 'randomized',
      powerIterations: 0,
      seed: 'a',
    } as const;
    expect(Pca.fit(x, options).components.data).toEqual(Pca.fit(x, options).components.data);
  });

  it('should pick the covariance solver up to 1000 features and the randomized one above', () => {
    const c = fixture.cases[0]!;
    expect(
      Pca.fit(tensor<'float64'>(Float64Array.from(c.x), c.shape), { nComponents: 2 }).toJSON()
        .method,
    ).toBe('covariance');
    const wide = tensor<'float64'>(
      Float64Array.from({ length: 20 * 1001 }, (_, i) => Math.sin(i * i)),
      [20, 1001],
    );
    expect(Pca.fit(wide, { nComponents: 2 }).toJSON().method).toBe('randomized');
    expect(Pca.fit(wide, { nComponents: 19 }).toJSON().method).toBe('covariance');
  });

  it('should report progress over every pass and stop with ABORTED when aborted', async () => {
    const x = tensor<'float64'>(
      Float64Array.from({ length: 300 * 6 }, (_, i) => Math.cos(i * 0.7)),
      [300, 6],
    );
    for (const method of ['covariance', 'randomized'] as const) {
      const events: Array<{ done: number; total?: number }> = [];
      Pca.fit(x, { nComponents: 2, method, powerIterations: 1, onProgress: (e) => events.push(e) });
      const total = method === 'covariance' ? 300 : 4 * 300;
      expect(events.at(-1)).toEqual({ phase: 'pca', done: total, total });
      expect(events.map((e) => e.done)).toEqual(
        [...events.map((e) => e.done)].sort((a, b) => a - b),
      );
    }
    const controller = new AbortController();
    await expectQStoreError(
      () =>
        Pca.fit(x, {
          nComponents: 2,
          signal: controller.signal,
          onProgress: () => controller.abort(),
        }),
      'ABORTED',
    );
    await expectQStoreError(
      () => Pca.fit(x, { nComponents: 2, signal: AbortSignal.abort() }),
      'ABORTED',
    );
  });

  it('should fit uint8 images on worker threads exactly as on one thread and as floats', async () => {
    const worker = await buildScatterWorker();
    try {
      const [rows, cols] = [1500, 50];
      const pixels = Uint8Array.from({ length: rows * cols }, (_, i) => {
        const [r, c] = [Math.floor(i / cols), i % cols];
        return Math.round(127.5 + 90 * Math.sin(r * 0.37 + c * 0.11) + 30 * Math.cos(r * c));
      });
      const x = tensor<'uint8'>(pixels, [rows, cols]);
      const one = Pca.fit(x, { nComponents: 5, workers: 1 });
      for (const workers of [2, 3]) {
        const many = Pca.fit(x, { nComponents: 5, workers, workerScript: worker.url });
        expect(many.toJSON()).toEqual(one.toJSON());
      }
      const floats = Pca.fit(tensor<'float64'>(Float64Array.from(pixels), [rows, cols]), {
        nComponents: 5,
      });
      expectClose(one.explainedVarianceRatio, floats.explainedVarianceRatio, 1e-12);
      expectClose(one.components.data, floats.components.data, 1e-9);
    } finally {
      await worker.remove();
    }
  });

  it('should default to several threads only for large inputs, and check the count', async () => {
    expect(defaultWorkers(60_000, 784)).toBe(Math.min(availableParallelism(), 4));
    expect(defaultWorkers(1000, 784)).toBe(1);
    const x = fromNested([
      [1, 2],
      [3, 5],
    ]);
    await expectQStoreError(() => Pca.fit(x, { nComponents: 1, workers: 0 }), 'INVALID_ARGUMENT');
    await expectQStoreError(() => Pca.fit(x, { nComponents: 1, workers: 1.5 }), 'INVALID_ARGUMENT');
  });

  it('should reject bad input with a code', async () => {
    const x = fromNested([
      [1, 2, 3],
      [4, 5, 7],
      [1, 0, 0],
    ]);
    await expectQStoreError(() => Pca.fit(x, { nComponents: 4 }), 'INVALID_ARGUMENT', /at most 3/);
    await expectQStoreError(
      () => Pca.fit(fromNested([[[1]]]), { nComponents: 1 }),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(
      () =>
        Pca.fit(
          fromNested([
            [1, Infinity],
            [0, 0],
          ]),
          { nComponents: 1 },
        ),
      'NON_FINITE',
    );
    await expectQStoreError(
      () => Pca.fit(fromNested([[1, 2]]), { nComponents: 1 }),
      'INVALID_ARGUMENT',
    );
    const model = Pca.fit(x, { nComponents: 2 });
    await expectQStoreError(() => model.transform(fromNested([[1, 2]])), 'SHAPE_MISMATCH');
    await expectQStoreError(() => Pca.fromJSON({ ...model.toJSON(), mean: [1] }), 'INVALID_CONFIG');
  });
});
