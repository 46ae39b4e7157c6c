import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { heldMemory } from '../../test/helpers/heldMemory.js';
import {
  readImageFolder,
  type StreamImageFolderOptions,
  streamImageFolder,
} from './imageFolder.js';

const collect = (path: string, options: StreamImageFolderOptions) =>
  collectBatches(streamImageFolder(path, options));

describe('streamImageFolder', () => {
  const tempDir = useTempDirs('qstore-images-stream-');

  it('should stream PNG and JPEG files in bounded batches equal to the loaded folder', async () => {
    const root = fixturePath('images', 'train');
    const whole = readImageFolder(root).splits.train!;
    const batches = await collect(root, { batchSize: 4 });
    expect(batches.map((b) => b.x.shape)).toEqual([
      [4, 28, 28, 1],
      [2, 28, 28, 1],
    ]);
    expect(batches.map((b) => b.offset)).toEqual([0, 4]);
    expect(batches.flatMap((b) => numbers(b.x.data))).toEqual(numbers(whole.x.data));
    expect(batches.flatMap((b) => numbers(b.y!.data))).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('should stream a split sub-folder and name a missing split and a non-image file', async () => {
    const dir = await tempDir();
    cpSync(fixturePath('images', 'train'), join(dir, 'train'), { recursive: true });
    cpSync(fixturePath('images', 'train'), join(dir, 'test'), { recursive: true });
    const test = await collect(dir, { batchSize: 10, split: 'test', channels: 3 });
    expect(test[0]!.x.shape).toEqual([6, 28, 28, 3]);
    await expectQStoreError(
      () => collect(dir, { batchSize: 1, split: 'val' }),
      'CORRUPT_DATA',
      /has no val sub-folder/,
    );
    writeFileSync(join(dir, 'test', 'Dress', 'notes.txt'), 'not a picture');
    await expectQStoreError(
      () => collect(dir, { batchSize: 1, split: 'test' }),
      'UNSUPPORTED_FORMAT',
      /Dress\/notes\.txt: not an image/,
    );
  });

  it('should hold about one batch while streaming a folder of 8 MiB of images', async () => {
    const dir = await tempDir();
    const png = readFileSync(fixturePath('images', 'rgb.png')); // 32×32 RGB: 3 KiB decoded
    for (const name of ['a', 'b']) {
      mkdirSync(join(dir, name));
      for (let i = 0; i < 1365; i++) writeFileSync(join(dir, name, `${i}.png`), png);
    }
    const batchSize = 128; // 384 KiB of pixels
    const { peak, rows } = await heldMemory(streamImageFolder(dir, { batchSize }));
    expect(rows).toBe(2730);
    expect(peak).toBeLessThan(2.5 * batchSize * 3072 + 2 ** 20);
  }, 120_000);
});
