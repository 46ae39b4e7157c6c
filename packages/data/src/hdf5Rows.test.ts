import { join } from 'node:path';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { type H5Module, type H5RowDataset, readRowsInto } from './hdf5Rows.js';

const ROWS = 100;
const WIDTH = 8;

describe('readRowsInto', () => {
  const tempDir = useTempDirs('qstore-h5-rows-');

  /** Reads rows [start, end) of `name`, recording each hyperslab as the rows read so far. */
  const readWith = async (name: string, start: number, end: number, sliceElements: number) => {
    const h5wasm = (await import('h5wasm/node')).default;
    const module = (await h5wasm.ready) as unknown as H5Module;
    const path = join(await tempDir(), 'rows.h5');
    const data = Float32Array.from({ length: ROWS * WIDTH }, (_, i) => i / 3);
    const shape = [ROWS, WIDTH];
    const writer = new h5wasm.File(path, 'w');
    writer.create_dataset({ name: 'flat', data, shape });
    writer.create_dataset({ name: 'gzip', data, shape, chunks: [16, WIDTH], compression: 'gzip' });
    writer.close();
    const file = new h5wasm.File(path, 'r');
    const into = new ArrayBuffer((end - start) * WIDTH * 4);
    const pointer = module._malloc(into.byteLength);
    const filled: number[] = [];
    const out = new Float32Array(into);
    try {
      readRowsInto(file.get(name) as unknown as H5RowDataset, {
        module,
        rows: { dtype: 'float32', start, end, sliceElements },
        into,
        staging: () => pointer,
        // the rows filled so far: the last non-zero row + 1 (every value past row 0 is > 0)
        onSlab: () => filled.push(start + out.findLastIndex((v) => v !== 0) / WIDTH + 1),
      });
    } finally {
      module._free(pointer);
      file.close();
    }
    expect(Array.from(out)).toEqual(Array.from(data.subarray(start * WIDTH, end * WIDTH)));
    return filled.map(Math.floor);
  };

  it('should read a chunked dataset in hyperslabs that end on chunk boundaries, each chunk once', async () => {
    // 5-row slices of 16-row chunks: one whole chunk per read, from row 30 to the next boundary
    expect(await readWith('gzip', 30, 100, 5 * WIDTH)).toEqual([32, 48, 64, 80, 96, 100]);
    // 40-row slices hold two whole chunks
    expect(await readWith('gzip', 0, 70, 40 * WIDTH)).toEqual([32, 64, 70]);
  });

  it('should read a contiguous dataset in slices of sliceElements whole rows', async () => {
    expect(await readWith('flat', 30, 50, 5 * WIDTH)).toEqual([35, 40, 45, 50]);
  });
});
