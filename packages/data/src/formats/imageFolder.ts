import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DataSplit, type SplitName, ValidationError } from '@qstore/core';
import { formatError } from '../internal/fail.js';
import { ioError } from '../internal/io.js';
import { decodeImage } from './image.js';

const SCOPE = 'data/imageFolder';

/** Options of {@link readImageFolder}. */
export interface ImageFolderOptions {
  /** Channels of the output (1 gray, 3 RGB, …). @default the first image's (RGB for JPEG) */
  channels?: number;
}

function subfolders(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
  } catch (error) {
    throw ioError(error, path, SCOPE);
  }
}

function readClasses(
  root: string,
  classes: readonly string[],
  options: ImageFolderOptions,
): DataSplit {
  const pixels: Uint8Array[] = [];
  const labels: number[] = [];
  let shape: [number, number, number] | undefined;
  for (const [label, name] of classes.entries()) {
    const folder = join(root, name);
    const files = readdirSync(folder)
      .filter((f) => !f.startsWith('.'))
      .sort();
    for (const file of files) {
      const path = join(folder, file);
      if (!statSync(path).isFile()) continue;
      const image = decodeImage(
        new Uint8Array(readFileSync(path)),
        path,
        options.channels ?? shape?.[2],
      );
      shape ??= [image.height, image.width, image.channels];
      if (image.height !== shape[0] || image.width !== shape[1]) {
        throw new ValidationError(
          'SHAPE_MISMATCH',
          `${path}: image is ${image.width}×${image.height} but the first image is ${shape[1]}×${shape[0]}; resize them to one size`,
          { scope: SCOPE, details: { file: path } },
        );
      }
      pixels.push(image.data);
      labels.push(label);
    }
  }
  if (shape === undefined)
    throw formatError(SCOPE, root, `no images in the class folders ${classes.join(', ')}`);
  const size = shape[0] * shape[1] * shape[2];
  const x = new Uint8Array(pixels.length * size);
  for (const [i, p] of pixels.entries()) x.set(p, i * size);
  return {
    x: { dtype: 'uint8', shape: [pixels.length, ...shape], data: x },
    y: { dtype: 'int32', shape: [labels.length], data: Int32Array.from(labels) },
  };
}

/**
 * Reads a folder of images with one sub-folder per class (class index = sorted folder order, as in
 * Keras and torchvision) into `(n, height, width, channels)` uint8 images and int32 labels. A folder
 * with `train`/`val`/`test` sub-folders gives those splits. A non-image file throws
 * `UNSUPPORTED_FORMAT` naming it; images of different sizes throw `SHAPE_MISMATCH`.
 */
export function readImageFolder(
  path: string,
  options: ImageFolderOptions = {},
): { splits: Partial<Record<SplitName, DataSplit>>; classes: string[] } {
  const top = subfolders(path);
  const splitNames = (['train', 'val', 'test'] as const).filter((s) => top.includes(s));
  if (splitNames.length === 0)
    return { splits: { train: readClasses(path, top, options) }, classes: top };
  const classes = subfolders(join(path, 'train'));
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  for (const name of splitNames) {
    const present = subfolders(join(path, name));
    const unknown = present.filter((c) => !classes.includes(c));
    if (unknown.length > 0)
      throw formatError(
        SCOPE,
        join(path, name),
        `has class folders ${unknown.join(', ')} that train does not have`,
      );
    splits[name] = readClasses(join(path, name), classes, options);
  }
  return { splits, classes };
}
