import { formatError } from '../internal/fail.js';
import { planarToHwc } from './cifar.js';
import { pickledArrayTensor } from './npy.js';
import { isPickledArray, unpickle } from './pickle.js';

const SCOPE = 'data/cifar';
const PIXELS = 3072;

/** One batch of Keras' CIFAR pickles: channels-last pixels `(n, 32, 32, 3)` and the labels. */
export interface CifarPickleBatch {
  readonly x: Uint8Array;
  readonly labels: readonly number[];
}

function batchDict(bytes: Uint8Array, file: string): Map<unknown, unknown> {
  const value = unpickle(bytes, file);
  if (!(value instanceof Map)) throw formatError(SCOPE, file, 'the pickle does not hold a dict');
  return value;
}

function entry(dict: Map<unknown, unknown>, key: string, file: string): unknown {
  if (!dict.has(key)) {
    const keys = [...dict.keys()].map(String).join(', ');
    throw formatError(SCOPE, file, `the batch has no key '${key}' (it has ${keys})`);
  }
  return dict.get(key);
}

/** One pickled CIFAR batch as stored: channel-planar pixels `(n, 3072)` (a view) and the labels. */
export interface CifarPlanarBatch {
  readonly planar: Uint8Array;
  readonly labels: readonly number[];
}

/**
 * Unpickles one batch of Keras' CIFAR tarballs (`data_batch_1`, `test_batch`, `train`, …): a dict
 * whose `data` is a uint8 numpy array `(n, 3072)` of channel-planar images and whose `labelKey`
 * list (`labels`, `fine_labels` or `coarse_labels`) holds the n labels, as Keras' `load_batch`
 * reads it (`pickle.load(f, encoding="bytes")`). The pixels stay planar, viewing `bytes`.
 */
export function readCifarPicklePlanar(
  bytes: Uint8Array,
  file: string,
  labelKey: string,
): CifarPlanarBatch {
  return cifarPlanarFromDict(unpickle(bytes, file), file, labelKey);
}

/** {@link readCifarPicklePlanar} of an already unpickled value. */
export function cifarPlanarFromDict(
  value: unknown,
  file: string,
  labelKey: string,
): CifarPlanarBatch {
  if (!(value instanceof Map)) throw formatError(SCOPE, file, 'the pickle does not hold a dict');
  const dict = value;
  const data = entry(dict, 'data', file);
  if (!isPickledArray(data) || !(data.data instanceof Uint8Array) || data.descr.slice(1) !== 'u1')
    throw formatError(SCOPE, file, "'data' is not a uint8 numpy array");
  const n = data.shape[0] ?? 0;
  checkCifarShape(data.shape, file);
  const planar = pickledArrayTensor(data, `${file}: data`).data as Uint8Array;
  const labels = entry(dict, labelKey, file);
  if (!isLabelList(labels, n))
    throw formatError(SCOPE, file, `'${labelKey}' is not a list of ${n} class indices`);
  return { planar, labels };
}

/** Throws unless a pickled array's shape is `[n, 3072]`. */
export function checkCifarShape(shape: readonly number[], file: string): void {
  if (shape.length !== 2 || shape[1] !== PIXELS)
    throw formatError(
      SCOPE,
      file,
      `'data' has shape [${shape.join(', ')}]; expected [n, ${PIXELS}] (3 × 32 × 32 pixels per row)`,
    );
}

/** Whether a value is a list of `n` class indices (0–255). */
export function isLabelList(labels: unknown, n: number): labels is number[] {
  return (
    Array.isArray(labels) &&
    labels.length === n &&
    labels.every((l) => Number.isInteger(l) && l >= 0 && l < 256)
  );
}

/** {@link readCifarPicklePlanar} with the pixels copied channels-last `(n, 32, 32, 3)`. */
export function readCifarPickleBatch(
  bytes: Uint8Array,
  file: string,
  labelKey: string,
): CifarPickleBatch {
  const { planar, labels } = readCifarPicklePlanar(bytes, file, labelKey);
  const x = new Uint8Array(labels.length * PIXELS);
  for (let r = 0; r < labels.length; r++) planarToHwc(planar, r * PIXELS, x, r * PIXELS);
  return { x, labels };
}

/** The class names under `key` of a CIFAR meta pickle (`batches.meta` or `meta`). */
export function readCifarPickleNames(bytes: Uint8Array, file: string, key: string): string[] {
  const names = entry(batchDict(bytes, file), key, file);
  if (
    !Array.isArray(names) ||
    !names.every((n) => n instanceof Uint8Array || typeof n === 'string')
  )
    throw formatError(SCOPE, file, `'${key}' is not a list of names`);
  return names.map((n) => (typeof n === 'string' ? n : new TextDecoder().decode(n)));
}
