import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
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

/**
 * A decoder of image files one at a time, checking that they all have the first one's size: each
 * file is read into one reused buffer, and a PNG whose pixels need no conversion is decoded
 * straight into `into` (a row of the batch), so no per-file buffers are left for V8 to collect.
 */
function fileDecoder(
  options: ImageFolderOptions,
): (path: string, into?: Uint8Array) => { data: Uint8Array; shape: [number, number, number] } {
  let shape: [number, number, number] | undefined;
  let scratch = new Uint8Array(1 << 16);
  const read = (path: string): Uint8Array => {
    let fd: number | undefined;
    try {
      fd = openSync(path, 'r');
      const size = fstatSync(fd).size;
      if (size > scratch.length) scratch = new Uint8Array(Math.max(size, 2 * scratch.length));
      let got = 0;
      for (let n = 1; got < size && n > 0; got += n)
        n = readSync(fd, scratch, got, size - got, null);
      return scratch.subarray(0, got);
    } catch (error) {
      throw ioError(error, path, SCOPE);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  };
  return (path, into) => {
    const image = decodeImage(read(path), path, options.channels ?? shape?.[2], into);
    shape ??= [image.height, image.width, image.channels];
    if (image.height !== shape[0] || image.width !== shape[1]) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `${path}: image is ${image.width}×${image.height} but the first image is ${shape[1]}×${shape[0]}; resize them to one size`,
        { scope: SCOPE, details: { file: path } },
      );
    }
    return { data: image.data, shape };
  };
}

/** Yields the images as splits of at most `batchSize` rows, each packed into one buffer. */
function* packBatches(
  files: readonly { path: string; label: number }[],
  batchSize: number,
  options: ImageFolderOptions,
): Generator<DataSplit> {
  const decode = fileDecoder(options);
  for (let start = 0; start < files.length; start += batchSize) {
    const count = Math.min(batchSize, files.length - start);
    const labels = new Int32Array(count);
    let x: Uint8Array | undefined;
    let shape: [number, number, number] = [0, 0, 0];
    let size = 0;
    for (let i = 0; i < count; i++) {
      const file = files[start + i]!;
      const into = x?.subarray(i * size, (i + 1) * size);
      const image = decode(file.path, into);
      shape = image.shape;
      size = image.data.length;
      x ??= new Uint8Array(count * size);
      if (image.data !== into) x.set(image.data, i * size);
      labels[i] = file.label;
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
