import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches, fixturePath, numbers } from '../test/helpers/fixtures.js';
import { buildHdf5Worker } from '../test/helpers/hdf5Worker.js';
import { heldMemory } from '../test/helpers/heldMemory.js';
import { readHdf5, type StreamHdf5Options, streamHdf5 } from './hdf5.js';

const H5 = fixturePath('h5', 'fmnist.h5');
const BIG_ROWS = 4096;
const WIDTH = 1024;

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

  // float32 4,096 × 1,024 (16 MiB), contiguous and gzip-chunked by 64 rows
  const bigFile = async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    const module = await h5wasm.ready;
    const path = join(await tempDir(), 'big.h5');
    const file = new h5wasm.File(path, 'w');
    const data = new Float32Array(BIG_ROWS * WIDTH);
    for (let i = 0; i < data.length; i++) data[i] = (i % 9973) / 7;
    const shape = [BIG_ROWS, WIDTH];
    file.create_dataset({ name: 'x', data, shape });
    file.create_dataset({ name: 'x_gzip', data, shape, chunks: [64, WIDTH], compression: 'gzip' });
    file.close();
    return { path, heap: () => module.HEAPU8.length };
  };

  it('should hold no more than the batch, as for .npy, streaming 16 MiB through the worker thread', async () => {
    const { path } = await bigFile();
    const probe = { workerUrl: await buildHdf5Worker() };
    const batchSize = 256; // 1 MiB
    for (const x of ['x', 'x_gzip']) {
      const batches = streamHdf5(path, { batchSize, splits: { train: { x } }, probe });
      const { peak, rows } = await heldMemory(batches);
      expect(rows).toBe(BIG_ROWS);
      // the bound byteReader.test.ts holds .npy to: the batch is the only buffer on this thread
      expect(peak).toBeLessThan(1.5 * batchSize * WIDTH * 4);
    }
  }, 120_000);

  it("should keep h5wasm's heap as small as one hyperslab, whatever the batch size", async () => {
    const { path, heap } = await bigFile();
    const before = heap();
    // the whole 16 MiB dataset as one batch, and read whole, on this thread (probe: false)
    for (const x of ['x', 'x_gzip']) {
      const splits = { train: { x } };
      const [batch] = await collect(path, { batchSize: BIG_ROWS, splits, probe: false });
      expect(batch!.x.data.byteLength).toBe(16 * 2 ** 20);
      const { splits: read } = await readHdf5(path, { splits, probe: false });
      const bytes = (t: { data: ArrayBufferView }) => Buffer.from(t.data.buffer);
      expect(bytes(read.train!.x).equals(bytes(batch!.x))).toBe(true);
    }
    // 2^18-element hyperslabs: 1 MiB of float32, plus HDF5's chunk cache
    expect(heap() - before).toBeLessThan(4 * 2 ** 20);
  }, 120_000);
});
