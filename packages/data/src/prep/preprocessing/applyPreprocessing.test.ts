import type { DatasetConfig } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fmnistIdxSplits, numbers } from '../../../test/helpers/fixtures.js';
import { loadDataset } from '../../loadDataset.js';
import { Pca } from '../reduction/pca.js';
import { Scaler } from './scaler.js';

/** 32 + 16 real Fashion-MNIST images (uint8, 28×28). */
const fmnist = (extra: Partial<DatasetConfig>): DatasetConfig => ({
  source: 'local',
  name: 'fmnist',
  sourceParams: { splits: fmnistIdxSplits() },
  ...extra,
});

describe('loadDataset with preprocessing', () => {
  it('should fit flatten → normalize → pca on train only and apply the same transform to test', async () => {
    const raw = await loadDataset(fmnist({}));
    const ds = await loadDataset(
      fmnist({
        preprocessing: [
          { op: 'flatten' },
          { op: 'normalize', params: { method: 'minmax' } },
          { op: 'pca', params: { nComponents: 4 } },
        ],
      }),
    );
    const flat = (x: typeof raw.train.x) => ({ ...x, shape: [x.shape[0]!, 784] });
    const scaler = Scaler.fit(flat(raw.train.x));
    const pca = Pca.fit(scaler.transform(flat(raw.train.x)), { nComponents: 4 });
    expect(ds.train.x.shape).toEqual([32, 4]);
    expect(ds.test?.x.shape).toEqual([16, 4]);
    expect(numbers(ds.train.x.data)).toEqual(
      numbers(pca.transform(scaler.transform(flat(raw.train.x))).data),
    );
    expect(numbers(ds.test!.x.data)).toEqual(
      numbers(pca.transform(scaler.transform(flat(raw.test!.x))).data),
    );
    // labels pass through untouched
    expect(ds.train.y).toEqual(raw.train.y);
    const steps = ds.metadata.lineage!.filter((s) => s.operation === 'preprocess');
    expect(steps.map((s) => s.params['op'])).toEqual(['flatten', 'normalize', 'pca']);
    expect(steps[1]!.params).toMatchObject({
      fittedOn: 'train',
      seed: 42,
      params: { method: 'minmax' },
      state: scaler.toJSON(),
    });
    expect(steps[2]!.params['state']).toEqual(pca.toJSON());
  });

  it('should fit on the train split left by the config split, reproducibly under the seed', async () => {
    const config = fmnist({
      split: { train: 0.5, val: 0.25, test: 0.25 },
      seed: 7,
      preprocessing: [
        { op: 'scale', params: { factor: 1 / 255 } },
        { op: 'pca', params: { nComponents: 3, method: 'randomized' } },
      ],
    });
    const a = await loadDataset(config);
    const b = await loadDataset(config);
    expect(a.train.x.shape).toEqual([24, 3]);
    expect(a.val?.x.shape).toEqual([12, 3]);
    expect(a.train.x.data).toEqual(b.train.x.data);
    expect(a.val!.x.data).toEqual(b.val!.x.data);
    expect(a.metadata.lineage!.map((s) => s.operation)).toEqual([
      'load',
      'split',
      'preprocess',
      'preprocess',
    ]);
    // the PCA was fitted on the 24 resplit training rows (not all 48) under the config's seed
    const split = await loadDataset({ ...config, preprocessing: [] });
    const scaled = (x: typeof split.train.x) => ({
      dtype: 'float64' as const,
      shape: [x.shape[0]!, 784],
      data: Float64Array.from(x.data as Uint8Array, (v) => v * (1 / 255)),
    });
    const pca = Pca.fit(scaled(split.train.x), { nComponents: 3, method: 'randomized', seed: 7 });
    expect(numbers(a.val!.x.data)).toEqual(numbers(pca.transform(scaled(split.val!.x)).data));
    expect(a.metadata.lineage!.at(-1)!.params['state']).toEqual(pca.toJSON());
  });

  it('should keep images images through resize, pool and a per-pixel standardize', async () => {
    const ds = await loadDataset(
      fmnist({
        preprocessing: [
          { op: 'resize', params: { height: 14, width: 14 } },
          { op: 'pool', params: { size: 2 } },
          { op: 'standardize' },
        ],
      }),
    );
    expect(ds.train.x.shape).toEqual([32, 7, 7]);
    const column = Array.from({ length: 32 }, (_, i) => ds.train.x.data[i * 49 + 24] as number);
    const mean = column.reduce((s, v) => s + v, 0) / 32;
    expect(Math.abs(mean)).toBeLessThan(1e-12);
  });

  it('should refuse an unknown step, bad params and a step that does not fit the data', async () => {
    await expectQStoreError(
      () => loadDataset(fmnist({ preprocessing: [{ op: 'flatten' }, { op: 'whiten' }] })),
      'INVALID_CONFIG',
      /preprocessing\[1\]: unknown step "whiten"; known steps: flatten, scale, normalize, standardize, pca, resize, pool/,
    );
    await expectQStoreError(
      () =>
        loadDataset(fmnist({ preprocessing: [{ op: 'pca', params: { nComponents: 'four' } }] })),
      'INVALID_CONFIG',
      /invalid preprocessing\[0\] \(pca\) params: nComponents/,
    );
    await expectQStoreError(
      () => loadDataset(fmnist({ preprocessing: [{ op: 'normalize', params: { methd: 'l2' } }] })),
      'INVALID_CONFIG',
      /preprocessing\[0\] \(normalize\) params: .*methd/,
    );
    await expectQStoreError(
      () => loadDataset(fmnist({ preprocessing: [{ op: 'pca', params: { nComponents: 40 } }] })),
      'INVALID_ARGUMENT',
      /nComponents/,
    );
  });
});
