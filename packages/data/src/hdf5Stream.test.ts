import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches, fixturePath, numbers } from '../test/helpers/fixtures.js';
import { heldMemory } from '../test/helpers/heldMemory.js';
import { readHdf5, type StreamHdf5Options, streamHdf5 } from './hdf5.js';

const H5 = fixturePath('h5', 'fmnist.h5');

const collect = (path: string, options: StreamHdf5Options) =>
  collectBatches(streamHdf5(path, options));

describe('streamHdf5', () => {
  const tempDir = useTempDirs('qstore-h5-stream-');

  it('should stream a contiguous and a gzip-chunked dataset in hyperslabs equal to the loaded data', async () => {
    const { splits } = await readHdf5(H5);
    for (const split of ['train', 'test'] as const) {
      // 3 rows per batch cuts across the 4-row chunks of x_test; 1,000-element reads fetch one
      // 784-pixel row at a time into the batch
      const batches = await collect(H5, { batchSize: 3, split, sliceElements: 1000 });
      const rows = splits[split]!.x.shape[0]!;
      expect(batches).toHaveLength(Math.ceil(rows / 3));
      expect(batches[0]!.x).toMatchObject({ dtype: 'uint8', shape: [3, 28, 28] });
      expect(batches.at(-1)!.offset).toBe(3 * (batches.length - 1));
      expect(batches.flatMap((b) => numbers(b.x.data))).toEqual(numbers(splits[split]!.x.data));
      expect(batches.flatMap((b) => numbers(b.y!.data))).toEqual(numbers(splits[split]!.y!.data));
      expect(batches[0]!.y!.dtype).toBe('int64');
    }
  });

  it('should refuse LZF, a missing path or split, and features and targets of unequal length', async () => {
    const drain = (options: StreamHdf5Options) => async () => {
      await collect(H5, options);
    };
    await expectQStoreError(
      drain({ batchSize: 4, splits: { train: { x: 'lzf/x' } } }),
      'UNSUPPORTED_FORMAT',
      /fmnist\.h5: dataset lzf\/x uses the lzf filter/,
    );
    await expectQStoreError(
      drain({ batchSize: 4, splits: { train: { x: 'nope' } } }),
      'NOT_FOUND',
      /fmnist\.h5: no dataset at nope/,
    );
    await expectQStoreError(drain({ batchSize: 4, split: 'val' }), 'NOT_FOUND', /has no val split/);
    await expectQStoreError(
      drain({ batchSize: 4, splits: { train: { x: 'x_train', y: 'y_test' } } }),
      'SHAPE_MISMATCH',
      /x_train has 32 rows but y_test has 16/,
    );
  });

  it('should hold about one batch while streaming a 16 MiB gzip-chunked dataset', async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const path = join(await tempDir(), 'big.h5');
    const rows = 4096;
    const width = 1024; // float32: 4 KiB a row, 16 MiB in all
    const file = new h5wasm.File(path, 'w');
    const data = new Float32Array(rows * width);
    for (let i = 0; i < data.length; i++) data[i] = (i % 9973) / 7;
    file.create_dataset({
      name: 'x',
      data,
      shape: [rows, width],
      chunks: [64, width],
      compression: 'gzip',
    });
    file.close();
    const batchSize = 256; // 1 MiB
    const { peak, rows: seen } = await heldMemory(streamHdf5(path, { batchSize }));
    expect(seen).toBe(rows);
    expect(peak).toBeLessThan(2.5 * batchSize * width * 4 + 4 * 2 ** 20);
  }, 120_000);
});
