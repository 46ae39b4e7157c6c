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

interface Sequences {
  xs: number[][];
  labels: number[];
}

function readArrays(path: string, keys: string[]): Record<string, unknown[]> {
  const entries = readZip(readBytes(path, SCOPE), path);
  const out: Record<string, unknown[]> = {};
  for (const key of keys) {
    const entry = entries.find((e) => e.name === `${key}.npy`);
    if (entry === undefined) throw formatError(SCOPE, path, `has no array ${key}`);
    const bytes = entry.read();
    const name = `${path}:${entry.name}`;
    out[key] = key.startsWith('x')
      ? parseNpyObjects(bytes, name)
      : Array.from(parseNpy(bytes, name).data as ArrayLike<number | bigint>, Number);
  }
  for (const key of keys.filter((k) => k.startsWith('x'))) {
    if (!out[key]!.every((s) => Array.isArray(s) && s.every((w) => Number.isInteger(w))))
      throw formatError(SCOPE, path, `${key} is not a list of integer sequences`);
  }
  return out;
}

/** `rng.shuffle(indices)` then Keras' start_char / index_from / maxlen steps, in its order. */
function shuffleAndShift(
  xs: unknown[],
  labels: unknown[],
  order: Uint32Array,
  s: KerasTextSettings,
): Sequences {
  let seqs = Array.from(order, (i) => xs[i] as number[]);
  let ys = Array.from(order, (i) => labels[i] as number);
  if (s.startChar !== null)
    seqs = seqs.map((x) => [s.startChar!, ...x.map((w) => w + s.indexFrom)]);
  else if (s.indexFrom) seqs = seqs.map((x) => x.map((w) => w + s.indexFrom));
  if (s.maxlen !== undefined) {
    // Keras' remove_long_seq keeps sequences strictly shorter than maxlen and drops the rest
    const keep = seqs.map((x, i) => (x.length < s.maxlen! ? i : -1)).filter((i) => i !== -1);
    seqs = keep.map((i) => seqs[i]!);
    ys = keep.map((i) => ys[i]!);
  }
  return { xs: seqs, labels: ys };
}

/** num_words / skip_top / oov_char over all sequences at once, exactly as Keras does it. */
function limitWords(all: number[][], s: KerasTextSettings): number[][] {
  let numWords = s.numWords;
  if (numWords === undefined) numWords = Math.max(...all.map((x) => Math.max(...x)));
  const inRange = (w: number) => s.skipTop <= w && w < numWords!;
  if (s.oovChar !== null) return all.map((x) => x.map((w) => (inRange(w) ? w : s.oovChar!)));
  return all.map((x) => x.filter(inRange));
}

/** Ragged sequences as an int32 tensor padded at the end with 0, and int64 labels. */
function toSplit(xs: number[][], labels: number[]): DataSplit {
  const width = Math.max(0, ...xs.map((x) => x.length));
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

/** Keras' `imdb.load_data`: train then test shuffled by one `RandomState(seed)`. */
export function readImdb(
  path: string,
  s: KerasTextSettings,
): { train: DataSplit; test: DataSplit } {
  const a = readArrays(path, ['x_train', 'y_train', 'x_test', 'y_test']);
  const rng = numpyShuffler(s.seed);
  const train = shuffleAndShift(
    a['x_train']!,
    a['y_train']!,
    rng.permutation(a['x_train']!.length),
    s,
  );
  const test = shuffleAndShift(a['x_test']!, a['y_test']!, rng.permutation(a['x_test']!.length), s);
  const xs = limitWords([...train.xs, ...test.xs], s);
  return {
    train: toSplit(xs.slice(0, train.xs.length), train.labels),
    test: toSplit(xs.slice(train.xs.length), test.labels),
  };
}

/** Keras' `reuters.load_data`: one shuffle, then `int(n * (1 - test_split))` rows for training. */
export function readReuters(
  path: string,
  s: KerasTextSettings,
): { train: DataSplit; test: DataSplit } {
  const a = readArrays(path, ['x', 'y']);
  const all = shuffleAndShift(
    a['x']!,
    a['y']!,
    numpyShuffler(s.seed).permutation(a['x']!.length),
    s,
  );
  const xs = limitWords(all.xs, s);
  const cut = Math.trunc(xs.length * (1 - s.testSplit));
  return {
    train: toSplit(xs.slice(0, cut), all.labels.slice(0, cut)),
    test: toSplit(xs.slice(cut), all.labels.slice(cut)),
  };
}
