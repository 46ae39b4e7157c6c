import type { ByteBody } from '../internal/byteReader.js';
import { formatError } from '../internal/fail.js';
import type { CifarRecordOptions } from './cifar.js';
import type { CifarRows } from './cifarBatcher.js';

const PIXELS = 3072;
/** Records read per positioned read / stream read (≈ 768 KiB). */
const RECORDS_PER_READ = 256;

/**
 * Streams CIFAR binary records (`<label byte(s)><1024 R><1024 G><1024 B>`, as in `data_batch_N.bin`
 * or `train.bin`) from a body, {@link RECORDS_PER_READ} records at a time through one reused
 * buffer: memory is that buffer whatever the body's size. A size that is not a whole number of
 * records throws `CORRUPT_DATA` before anything is read.
 */
export async function* streamCifarRecordRows(
  body: ByteBody,
  options: CifarRecordOptions,
): AsyncGenerator<CifarRows> {
  const stride = options.labelBytes + PIXELS;
  if (body.size % stride !== 0)
    throw formatError(
      'data/cifar',
      body.file,
      `${body.size} bytes is not a whole number of ${stride}-byte CIFAR records`,
    );
  const n = body.size / stride;
  const labelIndex = options.labelIndex ?? options.labelBytes - 1;
  const src = new Uint8Array(Math.min(n, RECORDS_PER_READ) * stride);
  const labels = new Uint8Array(src.length / stride);
  for (let row = 0; row < n; ) {
    const k = Math.min(labels.length, n - row);
    const got = await body.readInto(src.subarray(0, k * stride));
    if (got < k * stride)
      throw formatError(
        'data/cifar',
        body.file,
        `the records end early (truncated at record ${row + Math.floor(got / stride)})`,
      );
    for (let j = 0; j < k; j++) labels[j] = src[j * stride + labelIndex]!;
    yield { src, base: options.labelBytes, stride, labels: labels.subarray(0, k) };
    row += k;
  }
}
