import type { DataSplit, Tensor } from '@qstore/core';
import { parseCifarRecords } from '../formats/cifar.js';
import { readCifarPickleBatch, readCifarPickleNames } from '../formats/cifarPickle.js';
import { gunzipBytes } from '../formats/gzip.js';
import { readTar, type TarEntry } from '../formats/tar.js';
import { formatError } from '../internal/fail.js';
import { readBytes } from '../internal/io.js';
import type { KerasFile } from './kerasCache.js';

const SCOPE = 'data/keras';
const KRIZ = 'https://www.cs.toronto.edu/~kriz/';

/** Which Toronto archive the `cifar10` / `cifar100` datasets read. */
export type CifarArchive = 'python' | 'binary';

interface CifarPart {
  readonly x: Uint8Array;
  readonly labels: ArrayLike<number>;
}

/** What a CIFAR read returns: Keras' splits and the class names. */
interface CifarSplits {
  train: DataSplit;
  test: DataSplit;
  classes: readonly string[];
}

/** A file on Toronto's site, cached as `fname` (default: its own name). */
function kriz(name: string, o: { fname?: string; hash: string }): KerasFile {
  return { fname: o.fname ?? name, url: `${KRIZ}${name}`, hash: o.hash };
}

/**
 * The archives: `python` is the one Keras downloads (`cifar-10-python.tar.gz`, cached as
 * `cifar-10-batches-py-target_archive`, the name Keras' `get_file(fname="cifar-10-batches-py-target",
 * extract=True)` gives it); `binary` is the pickle-free one TFDS uses.
 */
const ARCHIVES: Record<'cifar10' | 'cifar100', Record<CifarArchive, KerasFile>> = {
  cifar10: {
    python: kriz('cifar-10-python.tar.gz', {
      fname: 'cifar-10-batches-py-target_archive',
      hash: '6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce',
    }),
    binary: kriz('cifar-10-binary.tar.gz', {
      hash: 'c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd',
    }),
  },
  cifar100: {
    python: kriz('cifar-100-python.tar.gz', {
      fname: 'cifar-100-python-target_archive',
      hash: '85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7',
    }),
    binary: kriz('cifar-100-binary.tar.gz', {
      hash: '58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec',
    }),
  },
};

/** The file a CIFAR dataset needs for the chosen archive. */
export function cifarFile(name: 'cifar10' | 'cifar100', archive: CifarArchive): KerasFile {
  return ARCHIVES[name][archive];
}

function openArchive(path: string): (member: string) => Uint8Array {
  const entries: TarEntry[] = readTar(
    gunzipBytes(readBytes(path, SCOPE), { file: path, scope: SCOPE }),
    path,
  );
  return (member) => {
    const found = entries.find((e) => e.name === member);
    if (found === undefined) throw formatError(SCOPE, path, `archive has no member ${member}`);
    return found.data;
  };
}

function lines(bytes: Uint8Array): string[] {
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** Concatenates batches into Keras' `x` (n, 32, 32, 3) uint8 and `y` (n, 1) of the label dtype. */
function cifarSplit(parts: readonly CifarPart[], labelDtype: 'uint8' | 'int64'): DataSplit {
  const n = parts.reduce((s, p) => s + p.labels.length, 0);
  const x = new Uint8Array(n * 3072);
  const y = labelDtype === 'uint8' ? new Uint8Array(n) : new BigInt64Array(n);
  let row = 0;
  for (const part of parts) {
    x.set(part.x, row * 3072);
    for (let i = 0; i < part.labels.length; i++) {
      const label = part.labels[i]!;
      (y as Uint8Array)[row++] = (labelDtype === 'uint8' ? label : BigInt(label)) as number;
    }
  }
  return {
    x: { dtype: 'uint8', shape: [n, 32, 32, 3], data: x },
    y: { dtype: labelDtype, shape: [n, 1], data: y } as Tensor,
  };
}

/**
 * CIFAR-10 as Keras' `cifar10.load_data()` returns it: five training batches in order, then the
 * test batch; x channels-last uint8, y (n, 1) uint8; class names from the archive's meta file.
 */
export function readCifar10(path: string, archive: CifarArchive): CifarSplits {
  const member = openArchive(path);
  if (archive === 'binary') {
    const batch = (name: string) => {
      const records = parseCifarRecords(member(`cifar-10-batches-bin/${name}`), `${path}:${name}`, {
        labelBytes: 1,
      });
      return { x: records.x.data, labels: records.labels };
    };
    return {
      train: cifarSplit(
        [1, 2, 3, 4, 5].map((i) => batch(`data_batch_${i}.bin`)),
        'uint8',
      ),
      test: cifarSplit([batch('test_batch.bin')], 'uint8'),
      classes: lines(member('cifar-10-batches-bin/batches.meta.txt')),
    };
  }
  const batch = (name: string) =>
    readCifarPickleBatch(member(`cifar-10-batches-py/${name}`), `${path}:${name}`, 'labels');
  return {
    train: cifarSplit(
      [1, 2, 3, 4, 5].map((i) => batch(`data_batch_${i}`)),
      'uint8',
    ),
    test: cifarSplit([batch('test_batch')], 'uint8'),
    classes: readCifarPickleNames(
      member('cifar-10-batches-py/batches.meta'),
      `${path}:batches.meta`,
      'label_names',
    ),
  };
}

/**
 * CIFAR-100 as Keras' `cifar100.load_data(label_mode)` returns it: x channels-last uint8, y (n, 1)
 * int64 (Keras builds it from a Python list), fine (100) or coarse (20) labels and their names.
 */
export function readCifar100(
  path: string,
  options: { archive: CifarArchive; labelMode: 'fine' | 'coarse' },
): CifarSplits {
  const member = openArchive(path);
  const mode = options.labelMode;
  if (options.archive === 'binary') {
    const part = (name: string) => {
      const records = parseCifarRecords(member(`cifar-100-binary/${name}`), `${path}:${name}`, {
        labelBytes: 2,
        labelIndex: mode === 'fine' ? 1 : 0,
      });
      return { x: records.x.data, labels: records.labels };
    };
    return {
      train: cifarSplit([part('train.bin')], 'int64'),
      test: cifarSplit([part('test.bin')], 'int64'),
      classes: lines(member(`cifar-100-binary/${mode}_label_names.txt`)),
    };
  }
  const part = (name: string) =>
    readCifarPickleBatch(member(`cifar-100-python/${name}`), `${path}:${name}`, `${mode}_labels`);
  return {
    train: cifarSplit([part('train')], 'int64'),
    test: cifarSplit([part('test')], 'int64'),
    classes: readCifarPickleNames(
      member('cifar-100-python/meta'),
      `${path}:meta`,
      `${mode}_label_names`,
    ),
  };
}
