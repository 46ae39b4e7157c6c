import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { formatError } from './fail.js';
import { ioError } from './io.js';

/** Where a {@link ByteReader} takes its bytes from. */
export interface ByteSource {
  /** Fills `out` from its start; resolves how many bytes came (fewer only at the end). */
  readInto(out: Uint8Array): Promise<number>;
  /** Drops up to `n` bytes without copying them; resolves how many there were. */
  skip(n: number): Promise<number>;
  /** Closes the source early. */
  close(): Promise<void>;
}

/** A run of bytes of known size read in pieces (a tar member, a file). */
export interface ByteBody {
  /** The file the bytes come from (for messages). */
  readonly file: string;
  /** How many bytes the body holds. */
  readonly size: number;
  /** Fills `out` with the next bytes; resolves how many came (fewer only at the body's end). */
  readInto(out: Uint8Array): Promise<number>;
}

/** A source over a stream of chunks (holding at most one chunk). */
function chunkSource(chunks: AsyncIterable<Uint8Array>): ByteSource {
  const iterator = chunks[Symbol.asyncIterator]();
  let pending: Uint8Array = new Uint8Array(0);
  const take = async (n: number, into?: Uint8Array): Promise<number> => {
    let done = 0;
    while (done < n) {
      if (pending.length === 0) {
        const next = await iterator.next();
        if (next.done === true) return done;
        pending = next.value;
      }
      const step = Math.min(n - done, pending.length);
      into?.set(pending.subarray(0, step), done);
      pending = pending.subarray(step);
      done += step;
    }
    return done;
  };
  return {
    readInto: (out) => take(out.length, out),
    skip: (n) => take(n),
    async close() {
      await iterator.return?.();
    },
  };
}

/** Options of {@link fileRangeSource}. */
export interface FileRangeOptions {
  /** First byte. @default 0 */
  start?: number;
  /** End of the range (exclusive). @default the end of the file */
  end?: number;
  /** The error scope. */
  scope: string;
  /** Called with every range of bytes read, in order (for a running checksum). */
  onBytes?: (bytes: Uint8Array) => void;
  /** Called once when the last byte of the range has been read or skipped. */
  onEnd?: () => void;
}

/**
 * A source reading a file range with positioned reads straight into the caller's buffer: no
 * intermediate chunks, so streaming an uncompressed file leaves no garbage but the batches.
 */
export function fileRangeSource(path: string, options: FileRangeOptions): ByteSource {
  let handle: FileHandle | undefined;
  let at = options.start ?? 0;
  let last: number | undefined;
  let ended = false;
  /** Opens the file on first use; the end of the range. */
  const ensure = async (): Promise<number> => {
    if (handle === undefined && !ended) {
      handle = await open(path, 'r').catch((error: unknown) => {
        throw ioError(error, path, options.scope);
      });
      last ??= options.end ?? (await handle.stat()).size;
    }
    return last ?? at;
  };
  /** Closes the file once the range is used up, then runs `onEnd`. */
  const finish = async () => {
    if (at < last! || ended) return;
    ended = true;
    await handle?.close();
    handle = undefined;
    options.onEnd?.();
  };
  return {
    async readInto(out) {
      const last = await ensure();
      let filled = 0;
      while (filled < out.length && at < last) {
        const { bytesRead } = await handle!
          .read(out, filled, Math.min(out.length - filled, last - at), at)
          .catch((error: unknown) => {
            throw ioError(error, path, options.scope);
          });
        if (bytesRead === 0) break;
        options.onBytes?.(out.subarray(filled, filled + bytesRead));
        filled += bytesRead;
        at += bytesRead;
      }
      await finish();
      return filled;
    },
    async skip(n) {
      const last = await ensure();
      if (options.onBytes !== undefined) {
        // a checksum needs the skipped bytes too
        const scratch = new Uint8Array(Math.min(n, 1 << 20));
        let skipped = 0;
        while (skipped < n) {
          const got = await this.readInto(
            scratch.subarray(0, Math.min(scratch.length, n - skipped)),
          );
          if (got === 0) break;
          skipped += got;
        }
        return skipped;
      }
      const skipped = Math.max(0, Math.min(n, last - at));
      at += skipped;
      await finish();
      return skipped;
    },
    async close() {
      await handle?.close();
      handle = undefined;
    },
  };
}

/** Reads exact byte counts from a {@link ByteSource} (or a stream of chunks) into new buffers. */
export class ByteReader {
  readonly #source: ByteSource;
  readonly file: string;

  constructor(source: AsyncIterable<Uint8Array> | ByteSource, file: string) {
    this.#source = Symbol.asyncIterator in source ? chunkSource(source) : source;
    this.file = file;
  }

  /** Exactly `n` bytes in a new buffer, or fewer only at the end of the stream. */
  async read(n: number): Promise<Uint8Array> {
    const out = new Uint8Array(n);
    const filled = await this.#source.readInto(out);
    return filled === n ? out : out.subarray(0, filled);
  }

  /** Fills `out` from its start, without an intermediate buffer; resolves how many bytes came (fewer only at the end). */
  readInto(out: Uint8Array): Promise<number> {
    return this.#source.readInto(out);
  }

  /** Drops the next `n` bytes without copying them; returns how many were there (fewer at the end). */
  skip(n: number): Promise<number> {
    return this.#source.skip(n);
  }

  /** Reads and drops the rest of the stream (so that checks made at its end, like a CRC, run). */
  async drain(): Promise<void> {
    while ((await this.#source.skip(1 << 20)) > 0);
  }

  /** Closes the underlying stream early. */
  async close(): Promise<void> {
    await this.#source.close();
  }
}

/**
 * A {@link ByteReader} over a file, gunzipped on the fly when it starts with the gzip magic (else
 * read with positioned reads straight into each request's buffer). Read errors become
 * `NOT_FOUND`/`IO_ERROR`; corrupt gzip becomes `CORRUPT_DATA`.
 */
export async function openByteReader(path: string, scope: string): Promise<ByteReader> {
  const head = await new Promise<Uint8Array>((resolve, reject) => {
    const stream = createReadStream(path, { start: 0, end: 1 });
    const parts: Buffer[] = [];
    stream.on('data', (c) => parts.push(c as Buffer));
    stream.on('end', () => resolve(Buffer.concat(parts)));
    stream.on('error', (error) => reject(ioError(error, path, scope)));
  });
  if (!(head[0] === 0x1f && head[1] === 0x8b))
    return new ByteReader(fileRangeSource(path, { scope }), path);
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = raw.pipe(createGunzip({ chunkSize: 1 << 20 }));
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
