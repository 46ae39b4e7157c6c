import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type DataSplit, type SampleBatch, type SplitName, ValidationError } from '@qstore/core';
import { formatError } from '../internal/fail.js';
import { ioError, throwIfAborted } from '../internal/io.js';
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

/** The image files of each class folder, in label order then sorted name order. */
function classFiles(root: string, classes: readonly string[]): { path: string; label: number }[] {
  const files: { path: string; label: number }[] = [];
  for (const [label, name] of classes.entries()) {
    const folder = join(root, name);
    let names: string[];
    try {
      names = readdirSync(folder)
        .filter((f) => !f.startsWith('.'))
        .sort();
    } catch (error) {
      throw ioError(error, folder, SCOPE);
    }
    for (const file of names) {
      const path = join(folder, file);
      if (statSync(path).isFile()) files.push({ path, label });
    }
  }
  if (files.length === 0)
    throw formatError(SCOPE, root, `no images in the class folders ${classes.join(', ')}`);
  return files;
}

/** Decodes images one file at a time, checking that they all have the first one's size. */
function* decodeFiles(
  files: readonly { path: string; label: number }[],
  options: ImageFolderOptions,
): Generator<{ data: Uint8Array; shape: [number, number, number]; label: number }> {
  let shape: [number, number, number] | undefined;
  for (const { path, label } of files) {
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
    yield { data: image.data, shape, label };
  }
}

/** Yields the images as splits of at most `batchSize` rows, each packed into one buffer. */
function* packBatches(
  files: readonly { path: string; label: number }[],
  batchSize: number,
  options: ImageFolderOptions,
): Generator<DataSplit> {
  const images = decodeFiles(files, options);
  for (let start = 0; start < files.length; start += batchSize) {
    const count = Math.min(batchSize, files.length - start);
    const labels = new Int32Array(count);
    let x: Uint8Array | undefined;
    let shape: [number, number, number] = [0, 0, 0];
    for (let i = 0; i < count; i++) {
      const image = images.next().value!;
      shape = image.shape;
      x ??= new Uint8Array(count * image.data.length);
      x.set(image.data, i * image.data.length);
      labels[i] = image.label;
    }
    yield {
      x: { dtype: 'uint8', shape: [count, ...shape], data: x! },
      y: { dtype: 'int32', shape: [count], data: labels },
    };
  }
}

/** The class names and the folder holding one split (the root when it has no split folders). */
function splitLayout(path: string): {
  classes: string[];
  splitDirs: Partial<Record<SplitName, string>>;
} {
  const top = subfolders(path);
  const splitNames = (['train', 'val', 'test'] as const).filter((s) => top.includes(s));
  if (splitNames.length === 0) return { classes: top, splitDirs: { train: path } };
  const classes = subfolders(join(path, 'train'));
  const splitDirs: Partial<Record<SplitName, string>> = {};
  for (const name of splitNames) {
    const unknown = subfolders(join(path, name)).filter((c) => !classes.includes(c));
    if (unknown.length > 0)
      throw formatError(
        SCOPE,
        join(path, name),
        `has class folders ${unknown.join(', ')} that train does not have`,
      );
    splitDirs[name] = join(path, name);
  }
  return { classes, splitDirs };
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
  const { classes, splitDirs } = splitLayout(path);
  const splits: Partial<Record<SplitName, DataSplit>> = {};
  for (const [name, dir] of Object.entries(splitDirs) as [SplitName, string][]) {
    const files = classFiles(dir, classes);
    splits[name] = packBatches(files, files.length, options).next().value!;
  }
  return { splits, classes };
}

/** Options of {@link streamImageFolder}. */
export interface StreamImageFolderOptions extends ImageFolderOptions {
  /** Rows per batch. */
  batchSize: number;
  /** The split (a `train`/`val`/`test` sub-folder, or the root for train). @default 'train' */
  split?: SplitName;
  signal?: AbortSignal;
}

/**
 * Streams one split of an image folder in batches of at most `batchSize` images, reading and
 * decoding one file at a time (memory: one batch of pixels plus one file). Same layout, order,
 * labels and errors as {@link readImageFolder}; the folder listing is read first.
 */
export async function* streamImageFolder(
  path: string,
  options: StreamImageFolderOptions,
): AsyncGenerator<SampleBatch> {
  const { classes, splitDirs } = splitLayout(path);
  const split = options.split ?? 'train';
  const dir = splitDirs[split];
  if (dir === undefined) throw formatError(SCOPE, path, `has no ${split} sub-folder`);
  let offset = 0;
  for (const batch of packBatches(classFiles(dir, classes), options.batchSize, options)) {
    throwIfAborted(options.signal, SCOPE);
    yield { ...batch, offset };
    offset += batch.x.shape[0]!;
  }
}
