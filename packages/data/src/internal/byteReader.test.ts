import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { heldMemory } from '../../test/helpers/heldMemory.js';
import { streamArrayPair, streamNpyRows } from '../formats/arrayStream.js';
import { encodeNpy } from '../formats/npy.js';
import { ByteReader, fileRangeSource, openByteReader } from './byteReader.js';

describe('fileRangeSource', () => {
  const tempDir = useTempDirs('qstore-bytereader-');

  it('should read and skip a range with positioned reads, see every byte once and end once', async () => {
    const path = join(await tempDir(), 'bytes.bin');
    writeFileSync(
      path,
      Uint8Array.from({ length: 5000 }, (_, i) => i % 251),
    );
    const seen: number[] = [];
    let ends = 0;
    const reader = new ByteReader(
      fileRangeSource(path, {
        start: 100,
        end: 4100,
        scope: 'test',
        onBytes: (b) => seen.push(...b),
        onEnd: () => ends++,
      }),
      path,
    );
    expect([...(await reader.read(3))]).toEqual([100, 101, 102]);
    expect(await reader.skip(1000)).toBe(1000);
    expect((await reader.read(10))[0]).toBe(1103 % 251);
    await reader.drain();
    expect(await reader.read(10)).toHaveLength(0);
    expect(ends).toBe(1);
    expect(seen).toEqual(Array.from({ length: 4000 }, (_, i) => (100 + i) % 251));
  });

  it('should stream a plain .npy holding no more than the batch (no intermediate chunks)', async () => {
    const path = join(await tempDir(), 'big.npy');
    const rows = 8192;
    const width = 1024; // 4 KiB a row, 32 MiB in all
    const data = new Float32Array(rows * width).map((_, i) => i);
    writeFileSync(path, encodeNpy({ dtype: 'float32', shape: [rows, width], data }));
    const batchSize = 256; // 1 MiB
    const open = async (p: string) => streamNpyRows(await openByteReader(p, 'test'));
    const held = await heldMemory(streamArrayPair(open, { x: path }, batchSize));
    expect(held.rows).toBe(rows);
    expect(held.peak).toBeLessThan(1.5 * batchSize * width * 4);
  });
});
