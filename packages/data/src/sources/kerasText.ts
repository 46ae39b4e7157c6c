import type { DataSplit, Tensor } from '@qstore/core';
import { parseNpy, parseNpyObjects } from '../formats/npy.js';
import { readZip } from '../formats/zip.js';
import { formatError } from '../internal/fail.js';
import { readBytes } from '../internal/io.js';
import { numpyShuffler } from '../internal/numpyShuffle.js';

const SCOPE = 'data/keras';

/** Keras' `imdb` / `reuters` `load_data` arguments. */
export interface KerasTextSettings {
  readonly seed: number;
  readonly testSplit: number;
  readonly numWords?: number | undefined;
  readonly skipTop: number;
  readonly maxlen?: number | undefined;
  readonly startChar: number | null;
  readonly oovChar: number | null;
  readonly indexFrom: number;
}

/** Word-index sequences (one compact int32 array each, ≈ 4 bytes a word) and their labels. */
export interface Sequences {
  readonly xs: Int32Array[];
  readonly labels: number[];
}

/** The object arrays (`x…`: sequences as int32 rows) and label arrays (`y…`) of a Keras text npz. */
function readArrays(path: string, keys: string[]): Record<string, Int32Array[] | number[]> {
  const entries = readZip(readBytes(path, SCOPE), path);
  const out: Record<string, Int32Array[] | number[]> = {};
  for (const key of keys) {
    const entry = entries.find((e) => e.name === `${key}.npy`);
    if (entry === undefined) throw formatError(SCOPE, path, `has no array ${key}`);
    const bytes = entry.read();
    const name = `${path}:${entry.name}`;
    if (!key.startsWith('x')) {
      out[key] = Array.from(parseNpy(bytes, name).data as ArrayLike<number | bigint>, Number);
      continue;
    }
    // each list becomes an int32 row at once, so that the parsed lists can be collected
    out[key] = parseNpyObjects(bytes, name).map((s) => {
      if (!Array.isArray(s) || !s.every((w) => Number.isInteger(w) && Math.abs(w) < 2 ** 31))
        throw formatError(SCOPE, path, `${key} is not a list of integer sequences`);
      return Int32Array.from(s as number[]);
    });
  }
  return out;
}

/** `rng.shuffle(indices)` then Keras' start_char / index_from / maxlen steps, in its order. */
function shuffleAndShift(
  xs: Int32Array[],
  labels: number[],
  order: Uint32Array,
  s: KerasTextSettings,
): Sequences {
  const start = s.startChar === null ? 0 : 1;
  let seqs = Array.from(order, (i) => {
    const x = xs[i]!;
    const out = new Int32Array(start + x.length);
    if (start === 1) out[0] = s.startChar!;
    for (let k = 0; k < x.length; k++) out[start + k] = x[k]! + s.indexFrom;
    return out;
  });
  let ys = Array.from(order, (i) => labels[i]!);
  if (s.maxlen !== undefined) {
    // Keras' remove_long_seq keeps sequences strictly shorter than maxlen and drops the rest
    const keep = seqs.map((x, i) => (x.length < s.maxlen! ? i : -1)).filter((i) => i !== -1);
    seqs = keep.map((i) => seqs[i]!);
    ys = keep.map((i) => ys[i]!);
  }
  return { xs: seqs, labels: ys };
}

/** num_words / skip_top / oov_char over all sequences at once, exactly as Keras does it (in place, or new filtered rows). */
function limitWords(all: Int32Array[], s: KerasTextSettings): Int32Array[] {
  let numWords = s.numWords;
  if (numWords === undefined) {
    numWords = Number.NEGATIVE_INFINITY;
    for (const x of all) for (const w of x) numWords = Math.max(numWords, w);
  }
  const inRange = (w: number) => s.skipTop <= w && w < numWords!;
  if (s.oovChar === null) return all.map((x) => x.filter(inRange));
  for (const x of all) for (let k = 0; k < x.length; k++) if (!inRange(x[k]!)) x[k] = s.oovChar;
  return all;
}

/** Ragged sequences as an int32 tensor padded at the end with 0 to `width`, and int64 labels. */
export function paddedRows(seqs: Sequences, width: number): DataSplit {
  const { xs, labels } = seqs;
  const data = new Int32Array(xs.length * width);
  for (const [i, x] of xs.entries()) data.set(x, i * width);
  const x: Tensor = { dtype: 'int32', shape: [xs.length, width], data };
  return {
    x,
    y: {
      dtype: 'int64',
      shape: [labels.length],
      data: BigInt64Array.from(labels, (v) => BigInt(v)),
    },
  };
}

/** The padded width of a split: its longest sequence. */
export function paddedWidth(seqs: Sequences): number {
  let width = 0;
  for (const x of seqs.xs) width = Math.max(width, x.length);
  return width;
}

/**
 * Keras' `imdb.load_data` (train then test shuffled by one `RandomState(seed)`) or
 * `reuters.load_data` (one shuffle, then `int(n * (1 - test_split))` rows for training), as
 * compact sequences.
 */
export function textSequences(
  name: 'imdb' | 'reuters',
  path: string,
  s: KerasTextSettings,
): { train: Sequences; test: Sequences } {
  if (name === 'imdb') {
    const a = readArrays(path, ['x_train', 'y_train', 'x_test', 'y_test']);
    const x = (key: string) => a[key] as Int32Array[];
    const y = (key: string) => a[key] as number[];
    const rng = numpyShuffler(s.seed);
    const train = shuffleAndShift(
      x('x_train'),
      y('y_train'),
      rng.permutation(x('x_train').length),
      s,
    );
    const test = shuffleAndShift(x('x_test'), y('y_test'), rng.permutation(x('x_test').length), s);
    const xs = limitWords([...train.xs, ...test.xs], s);
    return {
      train: { xs: xs.slice(0, train.xs.length), labels: train.labels },
      test: { xs: xs.slice(train.xs.length), labels: test.labels },
    };
  }
  const a = readArrays(path, ['x', 'y']);
  const xs0 = a['x'] as Int32Array[];
  const all = shuffleAndShift(
    xs0,
    a['y'] as number[],
    numpyShuffler(s.seed).permutation(xs0.length),
    s,
  );
  const xs = limitWords(all.xs, s);
  const cut = Math.trunc(xs.length * (1 - s.testSplit));
  return {
    train: { xs: xs.slice(0, cut), labels: all.labels.slice(0, cut) },
    test: { xs: xs.slice(cut), labels: all.labels.slice(cut) },
  };
}

/** {@link textSequences} as Keras' `load_data` returns them: train and test padded to their longest sequence. */
export function readTextSplits(
  name: 'imdb' | 'reuters',
  path: string,
  s: KerasTextSettings,
): { train: DataSplit; test: DataSplit } {
  const { train, test } = textSequences(name, path, s);
  return {
    train: paddedRows(train, paddedWidth(train)),
    test: paddedRows(test, paddedWidth(test)),
  };
}
