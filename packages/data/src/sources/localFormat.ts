import { statSync } from 'node:fs';
import { FormatError } from '@qstore/core';

/** The file formats the `local` source reads. */
export const LOCAL_FORMATS = [
  'npy',
  'npz',
  'idx',
  'csv',
  'arrow',
  'parquet',
  'hdf5',
  'imageFolder',
  'cifar',
] as const;

/** A file format the `local` source reads. */
export type LocalFormat = (typeof LOCAL_FORMATS)[number];

/** Guesses a file's format from its name (or `imageFolder` for a folder). */
export function detectFormat(path: string): LocalFormat {
  const lower = path.toLowerCase();
  const rules: [RegExp, LocalFormat][] = [
    [/\.npy$/, 'npy'],
    [/\.npz$/, 'npz'],
    [/(\.idx\d?|-ubyte)(\.gz)?$/, 'idx'],
    [/\.(csv|tsv|txt)(\.gz)?$/, 'csv'],
    [/\.(arrow|arrows|feather|ipc)$/, 'arrow'],
    [/\.parquet$/, 'parquet'],
    [/\.(h5|hdf5|he5)$/, 'hdf5'],
    [/(cifar.*\.tar\.gz|\.bin)$/, 'cifar'],
  ];
  for (const [pattern, format] of rules) if (pattern.test(lower)) return format;
  try {
    if (statSync(path).isDirectory()) return 'imageFolder';
  } catch {
    // a missing path is reported by the reader with NOT_FOUND
  }
  throw new FormatError(
    'UNSUPPORTED_FORMAT',
    `${path}: cannot tell the format from the name; pass sourceParams.format (one of ${LOCAL_FORMATS.join(', ')})`,
    { scope: 'data/local', details: { file: path } },
  );
}
