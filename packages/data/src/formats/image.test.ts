import { cpSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { fixtureBytes, fixturePath } from '../../test/helpers/fixtures.js';
import { decodeImage } from './image.js';
import { readImageFolder } from './imageFolder.js';
import { parseNpy } from './npy.js';
import { decodePng } from './png.js';

describe('decodePng / decodeImage', () => {
  it('should decode PIL-written gray PNGs exactly', () => {
    for (const [folder, file, index] of [
      ['Ankle boot', '000.png', 0],
      ['T-shirt-top', '001.png', 1],
      ['Dress', '003.png', 3],
    ] as const) {
      const image = decodePng(fixtureBytes('images', 'train', folder, file), file);
      expect(image).toMatchObject({ width: 28, height: 28, channels: 1 });
      expect(image.data).toEqual(parseNpy(fixtureBytes('images', `train_${index}.npy`), 'n').data);
    }
  });

  it('should decode into a given slice when the pixels fit it exactly, else into a new array', () => {
    const bytes = fixtureBytes('images', 'train', 'Dress', '003.png');
    const want = parseNpy(fixtureBytes('images', 'train_3.npy'), 'n').data;
    const tensor = new Uint8Array(3 * 784).fill(7);
    const into = tensor.subarray(784, 2 * 784);
    expect(decodePng(bytes, 'd.png', into).data).toBe(into);
    expect(into).toEqual(want);
    expect(tensor[783]).toBe(7);
    expect(tensor[2 * 784]).toBe(7);
    const other = new Uint8Array(783);
    const image = decodePng(bytes, 'd.png', other);
    expect(image.data).not.toBe(other);
    expect(image.data).toEqual(want);
    // converted pixels (RGB → gray) never land in the slice
    const gray = new Uint8Array(1024);
    const rgb = decodeImage(fixtureBytes('images', 'rgb.png'), 'rgb.png', 1, gray);
    expect(rgb.data).not.toBe(gray);
    expect(rgb.data).toHaveLength(1024);
  });

  it('should decode an RGB PNG cut from a photo exactly', () => {
    const image = decodeImage(fixtureBytes('images', 'rgb.png'), 'rgb.png');
    expect(image).toMatchObject({ width: 32, height: 32, channels: 3 });
    expect(image.data).toEqual(parseNpy(fixtureBytes('images', 'rgb.npy'), 'n').data);
  });

  it('should decode a gray JPEG within the documented jpeg-js tolerance (max 31)', () => {
    const image = decodeImage(fixtureBytes('images', 'train', 'Pullover', '005.jpg'), 'j.jpg', 1);
    const want = parseNpy(fixtureBytes('images', 'train_5.npy'), 'n').data as Uint8Array;
    const diff = Math.max(...Array.from(image.data, (v, i) => Math.abs(v - want[i]!)));
    expect(image.channels).toBe(1);
    expect(diff).toBeLessThanOrEqual(31);
  });

  it('should refuse truncated, non-image and unsupported PNGs', async () => {
    const png = fixtureBytes('images', 'rgb.png');
    await expectQStoreError(
      () => decodeImage(png.subarray(0, png.length - 40), 't.png'),
      'CORRUPT_DATA',
      /t\.png/,
    );
    await expectQStoreError(
      () => decodeImage(new TextEncoder().encode('hello'), 'x.txt'),
      'UNSUPPORTED_FORMAT',
      /x\.txt: not an image/,
    );
    const sixteen = png.slice();
    sixteen[24] = 16;
    await expectQStoreError(
      () => decodePng(sixteen, 's.png'),
      'UNSUPPORTED_FORMAT',
      /bit depth 16/,
    );
  });
});

describe('readImageFolder', () => {
  const tempDir = useTempDirs('qstore-images-');

  it('should read PNG and JPEG files with classes in sorted folder order', () => {
    const { splits, classes } = readImageFolder(fixturePath('images', 'train'));
    expect(classes).toEqual(readdirSync(fixturePath('images', 'train')).sort());
    expect(splits.train?.x).toMatchObject({ dtype: 'uint8', shape: [6, 28, 28, 1] });
    expect(Array.from(splits.train!.y!.data, Number)).toEqual([0, 1, 2, 3, 3, 3]);
  });

  it('should read train/test sub-folders as splits', async () => {
    const dir = await tempDir();
    cpSync(fixturePath('images', 'train'), join(dir, 'train'), { recursive: true });
    cpSync(fixturePath('images', 'train'), join(dir, 'test'), { recursive: true });
    const { splits } = readImageFolder(dir);
    expect(splits.test?.x.shape).toEqual([6, 28, 28, 1]);
  });

  it('should name a non-image file in a class folder', async () => {
    const dir = await tempDir();
    cpSync(fixturePath('images', 'train'), dir, { recursive: true });
    writeFileSync(join(dir, 'Dress', 'notes.txt'), 'not a picture');
    await expectQStoreError(
      () => readImageFolder(dir),
      'UNSUPPORTED_FORMAT',
      /Dress\/notes\.txt: not an image/,
    );
  });
});
