import type { SampleBatch } from '@qstore/core';
import { throwIfAborted } from '../internal/io.js';
import { paddedRows, paddedWidth, type Sequences } from './kerasText.js';

const EMPTY = new Int32Array(0);

/**
 * Streams one split of `imdb` / `reuters` in batches of at most `batchSize` rows, each padded
 * with 0 to the split's longest sequence (so the batches equal the loaded split's rows). Keras'
 * seed-113 shuffle (and `num_words` defaulting to the largest index over both splits) needs every
 * sequence before the first batch, so the stream holds the split's sequences as compact int32
 * rows (≈ 4 bytes a word; each released once its batch is handed out) instead of the padded
 * split (rows × longest sequence × 4 bytes).
 */
export function* streamSequences(
  seqs: Sequences,
  batchSize: number,
  signal?: AbortSignal,
): Generator<SampleBatch> {
  const width = paddedWidth(seqs);
  const n = seqs.xs.length;
  for (let start = 0; start < n; start += batchSize) {
    throwIfAborted(signal, 'data/keras');
    const end = Math.min(n, start + batchSize);
    const part = { xs: seqs.xs.slice(start, end), labels: seqs.labels.slice(start, end) };
    seqs.xs.fill(EMPTY, start, end);
    yield { ...paddedRows(part, width), offset: start };
  }
}
