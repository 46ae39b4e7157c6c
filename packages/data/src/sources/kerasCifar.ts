import type { DataSplit } from '@qstore/core';
import { readCifarPickleNames } from '../formats/cifarPickle.js';
import { CifarSplitBuilder } from '../formats/cifarSplitBuilder.js';
import { walkTarMembers } from '../formats/tarStream.js';
import { openByteReader } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import type { KerasFile } from './kerasCache.js';
import { cifarSplitLayout, MAX_MEMBER_BYTES } from './kerasCifarStream.js';

const SCOPE = 'data/keras';
const KRIZ = 'https://www.cs.toronto.edu/~kriz/';

/** Which Toronto archive the `cifar10` / `cifar100` datasets read. */
export type CifarArchive = 'python' | 'binary';

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

function lines(bytes: Uint8Array): string[] {
  return new TextDecoder()
    .decode(bytes)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** What {@link readCifarArchive} reads. */
interface CifarArchiveOptions {
  readonly name: 'cifar10' | 'cifar100';
  readonly archive: CifarArchive;
  readonly labelMode: 'fine' | 'coarse';
}

/** The member holding the class names, and how to read them. */
function namesMember(o: CifarArchiveOptions): {
  member: string;
  read: (bytes: Uint8Array, file: string) => string[];
} {
  const mode = o.labelMode;
  if (o.archive === 'binary')
    return {
      member:
        o.name === 'cifar10'
          ? 'cifar-10-batches-bin/batches.meta.txt'
          : `cifar-100-binary/${mode}_label_names.txt`,
      read: lines,
    };
  return o.name === 'cifar10'
    ? {
        member: 'cifar-10-batches-py/batches.meta',
        read: (bytes, file) => readCifarPickleNames(bytes, file, 'label_names'),
      }
    : {
        member: 'cifar-100-python/meta',
        read: (bytes, file) => readCifarPickleNames(bytes, file, `${mode}_label_names`),
      };
}

/**
 * Both splits and the class names of a CIFAR archive, read in one pass over the gzip stream: each
 * member of a split streams row by row straight into the split's final tensor (any member order),
 * the others are skipped. Memory: the decoded splits plus about one member (gunzip chunks, a run of
 * rows, the labels; one member's rows as scratch when the archive stores them out of order).
 */
async function readCifarArchive(path: string, o: CifarArchiveOptions): Promise<CifarSplits> {
  const int64 = o.name === 'cifar100';
  const splits = (['train', 'test'] as const).map((split) => {
    const layout = cifarSplitLayout({ ...o, split });
    return { ...layout, builder: new CifarSplitBuilder(layout.members.length, int64) };
  });
  const names = namesMember(o);
  const needed = [...splits.flatMap((s) => s.members), names.member];
  const seen = new Set<string>();
  let classes: string[] | undefined;
  const reader = await openByteReader(path, SCOPE);
  try {
    const want = (name: string) => needed.includes(name) && !seen.has(name);
    for await (const member of walkTarMembers(reader, want, MAX_MEMBER_BYTES)) {
      seen.add(member.name);
      const file = `${path}:${member.name}`;
      if (member.name === names.member) {
        const bytes = new Uint8Array(member.size);
        await member.readInto(bytes);
        classes = names.read(bytes, file);
        continue;
      }
      for (const split of splits) {
        const index = split.members.indexOf(member.name);
        if (index < 0) continue;
        const body = { ...member, file, readInto: member.readInto };
        await split.builder.add(index, split.rows(body), Math.floor(member.size / 3072));
      }
    }
    await reader.drain();
  } finally {
    await reader.close();
  }
  for (const name of needed)
    if (!seen.has(name)) throw formatError(SCOPE, path, `archive has no member ${name}`);
  return {
    train: splits[0]!.builder.finish(),
    test: splits[1]!.builder.finish(),
    classes: classes!,
  };
}

/**
 * CIFAR-10 as Keras' `cifar10.load_data()` returns it: five training batches in order, then the
 * test batch; x channels-last uint8, y (n, 1) uint8; class names from the archive's meta file.
 */
export function readCifar10(path: string, archive: CifarArchive): Promise<CifarSplits> {
  return readCifarArchive(path, { name: 'cifar10', archive, labelMode: 'fine' });
}

/**
 * CIFAR-100 as Keras' `cifar100.load_data(label_mode)` returns it: x channels-last uint8, y (n, 1)
 * int64 (Keras builds it from a Python list), fine (100) or coarse (20) labels and their names.
 */
export function readCifar100(
  path: string,
  options: { archive: CifarArchive; labelMode: 'fine' | 'coarse' },
): Promise<CifarSplits> {
  return readCifarArchive(path, { name: 'cifar100', ...options });
}
