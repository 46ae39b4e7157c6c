import { type Dataset, type SourceAdapter, StateError, tensor } from '@qstore/core';
import { expectQStoreError, testSourceAdapter } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixturePath } from '../test/helpers/fixtures.js';
import { listDatasets, loadDataset } from './loadDataset.js';
import { createSourceRegistry } from './sourceRegistry.js';

/** The README's custom adapter: `count` rows of y = 2x, written the way a user would. */
const rangeOptions = z.object({ name: z.string(), count: z.number().int().positive().default(4) });
function rangeSource(): SourceAdapter<z.output<typeof rangeOptions>> {
  return {
    name: 'range',
    optionsSchema: rangeOptions,
    async load({ name, count }, context = {}) {
      if (context.signal?.aborted) {
        throw new StateError('ABORTED', 'aborted', { scope: 'range' });
      }
      const x = Float64Array.from({ length: count }, (_, i) => i);
      const dataset: Dataset = {
        train: {
          x: tensor(x, [count, 1]),
          y: tensor(
            x.map((v) => 2 * v),
            [count],
          ),
        },
        metadata: { name, source: 'range' },
      };
      return dataset;
    },
    async list() {
      return [{ name: 'numbers' }];
    },
  };
}

describe('loadDataset', () => {
  it('should load through a custom adapter registered like the built-ins', async () => {
    const registry = createSourceRegistry();
    registry.register(rangeSource());
    const ds = await loadDataset(
      { source: 'range', name: 'numbers', sourceParams: { count: 3 } },
      { registry },
    );
    expect(Array.from(ds.train.y!.data as Float64Array)).toEqual([0, 2, 4]);
    expect(ds.metadata.lineage?.[0]).toMatchObject({
      operation: 'load',
      params: { source: 'range', name: 'numbers' },
    });
    expect(await listDatasets('range', { registry })).toEqual([{ name: 'numbers' }]);
  });

  it('should list the registered sources for an unknown one', async () => {
    await expectQStoreError(
      () => loadDataset({ source: 'kaggle', name: 'x' }),
      'UNKNOWN_PLUGIN',
      /unknown source adapter "kaggle"; registered: huggingface, keras, local/,
    );
  });

  it('should reject invalid configs and invalid source options with INVALID_CONFIG', async () => {
    await expectQStoreError(
      () => loadDataset({ source: '', name: 'x' }),
      'INVALID_CONFIG',
      /invalid DatasetConfig: source/,
    );
    await expectQStoreError(
      () => loadDataset({ source: 'keras', name: 'imagenet' }),
      'INVALID_CONFIG',
      /\[data\/keras\] invalid keras source options: name/,
    );
    await expectQStoreError(
      () => loadDataset({ source: 'keras', name: 'mnist', sourceParams: { seed: -1 } }),
      'INVALID_CONFIG',
      /seed/,
    );
  });

  it('should load a local npz in under five lines', async () => {
    const ds = await loadDataset({
      source: 'local',
      name: 'fmnist-subset',
      sourceParams: { path: fixturePath('npz', 'deflated.npz') },
    });
    expect(ds.train.x.shape).toEqual([32, 28, 28]);
    expect(ds.test?.x.shape).toEqual([16, 28, 28]);
  });

  it('should re-split every loaded split by the config ratios, stratified and seeded', async () => {
    const config = {
      source: 'local',
      name: 'fmnist-subset',
      sourceParams: { path: fixturePath('npz', 'deflated.npz') },
      split: { train: 0.5, val: 0.25, test: 0.25 },
      seed: 7,
    };
    const ds = await loadDataset(config);
    expect([ds.train.x.shape[0], ds.val?.x.shape[0], ds.test?.x.shape[0]]).toEqual([24, 12, 12]);
    expect(ds.metadata.lineage?.at(-1)).toMatchObject({
      operation: 'split',
      params: { method: 'stratified', seed: 7 },
    });
    const again = await loadDataset(config);
    expect(Buffer.from(again.test!.x.data.buffer)).toEqual(Buffer.from(ds.test!.x.data.buffer));
    const other = await loadDataset({ ...config, seed: 8 });
    expect(Buffer.from(other.test!.x.data.buffer)).not.toEqual(Buffer.from(ds.test!.x.data.buffer));
  });

  it('should refuse split ratios that do not sum to 1 before loading', async () => {
    await expectQStoreError(
      () =>
        loadDataset({
          source: 'local',
          name: 'x',
          sourceParams: { path: fixturePath('npz', 'deflated.npz') },
          split: { train: 0.9, test: 0.2 },
        }),
      'INVALID_CONFIG',
      /split: train \+ val \+ test must sum to 1/,
    );
  });

  it('should say when a source cannot list its datasets', async () => {
    await expectQStoreError(
      () => listDatasets('local'),
      'INVALID_ARGUMENT',
      /source "local" cannot list/,
    );
    expect((await listDatasets('keras')).map((d) => d.name)).toContain('fashion_mnist');
  });
});

testSourceAdapter('custom range adapter (README example)', {
  make: rangeSource,
  options: { name: 'numbers', count: 5 },
});
