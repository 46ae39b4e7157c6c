import { type DataSplit, type Dataset, type Tensor, takeRows } from '@qstore/core';
import { parseIdx } from '../formats/idx.js';
import { parseNpz } from '../formats/npz.js';
import { readBytes } from '../internal/io.js';
import { numpyShuffler } from '../internal/numpyShuffle.js';
import type { KerasFile } from './kerasCache.js';
import { type CifarArchive, cifarFile, readCifar10, readCifar100 } from './kerasCifar.js';
import { type KerasTextSettings, readTextSplits } from './kerasText.js';

const SCOPE = 'data/keras';
const TF = 'https://storage.googleapis.com/tensorflow/tf-keras-datasets/';

/** Settings that change what a Keras dataset returns. */
export interface KerasLoadSettings extends KerasTextSettings {
  readonly seed: number;
  readonly testSplit: number;
  readonly version: 'large' | 'small';
  readonly labelMode: 'fine' | 'coarse';
  readonly cifarArchive: CifarArchive;
}

/** What reading a Keras dataset's files gives: its splits and maybe class names. */
export type KerasSplits = Omit<Dataset, 'metadata'> & { classes?: readonly string[] };

/** A dataset the `keras` source knows: its files and how Keras turns them into splits. */
export interface KerasDataset {
  readonly files: (settings: KerasLoadSettings) => readonly KerasFile[];
  readonly read: (
    paths: readonly string[],
    settings: KerasLoadSettings,
  ) => KerasSplits | Promise<KerasSplits>;
  readonly description: string;
}

/** The class names of Fashion-MNIST, index = label (as Keras documents them). */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const FASHION_FILES = [
  'train-labels-idx1-ubyte.gz',
  'train-images-idx3-ubyte.gz',
  't10k-labels-idx1-ubyte.gz',
  't10k-images-idx3-ubyte.gz',
];

/** Keras' `(x, y)` shuffle with `RandomState(seed)` and its `int(n * (1 - test_split))` cut. */
function shuffleAndSplit(
  x: Tensor,
  y: Tensor,
  settings: KerasLoadSettings,
): { train: DataSplit; test: DataSplit } {
  const n = x.shape[0]!;
  const order = numpyShuffler(settings.seed).permutation(n);
  const cut = Math.trunc(n * (1 - settings.testSplit));
  return {
    train: { x: takeRows(x, order.subarray(0, cut)), y: takeRows(y, order.subarray(0, cut)) },
    test: { x: takeRows(x, order.subarray(cut)), y: takeRows(y, order.subarray(cut)) },
  };
}

function npzArrays(path: string, keys: string[]): Record<string, Tensor> {
  return parseNpz(readBytes(path, SCOPE), path, { keys });
}

/** The datasets of `keras.datasets` that the `keras` source loads, by Keras' name. */
export const KERAS_DATASETS: Readonly<Record<string, KerasDataset>> = {
  mnist: {
    description: 'MNIST digits: 60,000 + 10,000 28×28 gray images, 10 classes',
    files: () => [
      {
        fname: 'mnist.npz',
        url: `${TF}mnist.npz`,
        hash: '731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1',
      },
    ],
    read: ([path]) => {
      const a = npzArrays(path!, ['x_train', 'y_train', 'x_test', 'y_test']);
      return {
        train: { x: a['x_train']!, y: a['y_train']! },
        test: { x: a['x_test']!, y: a['y_test']! },
        classes: [...'0123456789'],
      };
    },
  },
  fashion_mnist: {
    description: 'Fashion-MNIST: 60,000 + 10,000 28×28 gray images of clothes, 10 classes',
    files: () => FASHION_FILES.map((f) => ({ fname: `fashion-mnist/${f}`, url: `${TF}${f}` })),
    read: (paths) => {
      const [trainY, trainX, testY, testX] = paths.map((p) => parseIdx(readBytes(p, SCOPE), p));
      return {
        train: { x: trainX!, y: trainY! },
        test: { x: testX!, y: testY! },
        classes: FASHION_MNIST_CLASSES,
      };
    },
  },
  cifar10: {
    description:
      "CIFAR-10: 50,000 + 10,000 32×32 RGB images, 10 classes (Keras' python archive, or the binary one)",
    files: (settings) => [cifarFile('cifar10', settings.cifarArchive)],
    read: ([path], settings) => readCifar10(path!, settings.cifarArchive),
  },
  cifar100: {
    description:
      "CIFAR-100: 50,000 + 10,000 32×32 RGB images, 100 fine or 20 coarse classes (Keras' python archive, or the binary one)",
    files: (settings) => [cifarFile('cifar100', settings.cifarArchive)],
    read: ([path], settings) =>
      readCifar100(path!, { archive: settings.cifarArchive, labelMode: settings.labelMode }),
  },
  imdb: {
    description:
      'IMDB reviews: 25,000 + 25,000 word-index sequences (int32, padded at the end with 0), 2 classes',
    files: () => [
      {
        fname: 'imdb.npz',
        url: `${TF}imdb.npz`,
        hash: '69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f',
      },
    ],
    read: ([path], settings) => ({
      ...readTextSplits('imdb', path!, settings),
      classes: ['negative', 'positive'],
    }),
  },
  reuters: {
    description:
      'Reuters newswires: 8,982 + 2,246 word-index sequences (int32, padded at the end with 0), 46 topics',
    files: () => [
      {
        fname: 'reuters.npz',
        url: `${TF}reuters.npz`,
        hash: 'd6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916',
      },
    ],
    read: ([path], settings) => readTextSplits('reuters', path!, settings),
  },
  boston_housing: {
    description: 'Boston housing prices: 404 + 102 rows of 13 features, regression',
    files: () => [
      {
        fname: 'boston_housing.npz',
        url: `${TF}boston_housing.npz`,
        hash: 'f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5',
      },
    ],
    read: ([path], settings) => {
      const a = npzArrays(path!, ['x', 'y']);
      return shuffleAndSplit(a['x']!, a['y']!, settings);
    },
  },
  california_housing: {
    description:
      'California housing prices: 20,640 rows of 8 features (600 with version "small"), regression',
    files: () => [
      {
        fname: 'california_housing.npz',
        url: `${TF}california_housing.npz`,
        hash: '1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f',
      },
    ],
    read: ([path], settings) => {
      const a = npzArrays(path!, ['x', 'y']);
      let x = a['x']!;
      let y = a['y']!;
      if (settings.version === 'small') {
        const first = Uint32Array.from({ length: Math.min(600, x.shape[0]!) }, (_, i) => i);
        x = takeRows(x, first);
        y = takeRows(y, first);
      }
      return shuffleAndSplit(x, y, settings);
    },
  },
};
