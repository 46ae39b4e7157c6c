import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { formatError } from './fail.js';
import { ioError } from './io.js';

/** Reads exact byte counts from a stream of chunks, holding at most one request plus one chunk. */
export class ByteReader {
  readonly #chunks: AsyncIterator<Uint8Array>;
  #pending: Uint8Array = new Uint8Array(0);
  readonly file: string;

  constructor(chunks: AsyncIterable<Uint8Array>, file: string) {
    this.#chunks = chunks[Symbol.asyncIterator]();
    this.file = file;
  }

  /** Exactly `n` bytes in a new buffer, or fewer only at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      if (this.#pending.length === 0) {
        const next = await this.#chunks.next();
        if (next.done === true) return out.subarray(0, filled);
        this.#pending = next.value;
      }
      const take = Math.min(n - filled, this.#pending.length);
      out.set(this.#pending.subarray(0, take), filled);
      this.#pending = this.#pending.subarray(take);
      filled += take;
    }
    return out;
  }

  /** Drops the next `n` bytes without copying them; returns how many were there (fewer at the end). */
  async skip(n: number): Promise<number> {
    let skipped = 0;
    while (skipped < n) {
      if (this.#pending.length === 0) {
        const next = await this.#chunks.next();
        if (next.done === true) return skipped;
        this.#pending = next.value;
      }
      const take = Math.min(n - skipped, this.#pending.length);
      this.#pending = this.#pending.subarray(take);
      skipped += take;
    }
    return skipped;
  }

  /** Reads and drops the rest of the stream (so that checks made at its end, like a CRC, run). */
  async drain(): Promise<void> {
    this.#pending = new Uint8Array(0);
    for (let next = await this.#chunks.next(); next.done !== true; )
      next = await this.#chunks.next();
  }

  /** Closes the underlying stream early. */
  async close(): Promise<void> {
    await this.#chunks.return?.();
  }
}

/**
 * A {@link ByteReader} over a file, gunzipped on the fly when it starts with the gzip magic. Read
 * errors become `NOT_FOUND`/`IO_ERROR`; corrupt gzip becomes `CORRUPT_DATA`.
 */
export async function openByteReader(path: string, scope: string): Promise<ByteReader> {
  const head = await new Promise<Uint8Array>((resolve, reject) => {
    const stream = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    stream.on('data', (c) => parts.push(c as Buffer));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', (error) => reject(ioError(error, path, scope)));
  });
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const gz = head[0] === 0x1f && head[1] === 0x8b;
  const source = gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of source) yield chunk as Uint8Array;
    } catch (error) {
      if ((error as { code?: string }).code?.startsWith('Z_')) {
        throw formatError(
          scope,
          path,
          `corrupt or truncated gzip data (${(error as Error).message})`,
          'CORRUPT_DATA',
          error,
        );
      }
      throw ioError(error, path, scope);
    } finally {
      raw.destroy();
    }
  }
  return new ByteReader(chunks(), path);
}
