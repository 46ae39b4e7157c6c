import type { ByteBody, ByteReader } from '../internal/byteReader.js';
import { formatError, limitError } from '../internal/fail.js';
import { parseTarHeader } from './tar.js';

/** One wanted regular file of a streamed tar archive, to be read in pieces while it is current. */
export interface TarMemberBody extends ByteBody {
  /** The member's name; `file` is the archive's, and `readInto` throws `CORRUPT_DATA` when the archive ends inside the member. */
  readonly name: string;
}

/**
 * Walks a ustar archive from a byte stream (e.g. a gunzipping {@link ByteReader}) header by header:
 * for each regular file for which `want(name)` is true, yields a body the caller reads while it
 * holds it (whatever it leaves unread is skipped when the walk goes on); the other members are
 * skipped without being copied. Every regular file's name is passed to `want`, so a caller can also
 * record which members the archive has. A wanted member larger than `maxMemberBytes` (a corrupt
 * size field, or more than the caller could hold) throws `RESOURCE_LIMIT` before it is read.
 */
export async function* walkTarMembers(
  reader: ByteReader,
  want: (name: string) => boolean,
  maxMemberBytes: number,
): AsyncGenerator<TarMemberBody> {
  for (let at = 0; ; ) {
    const header = await reader.read(512);
    if (header.length === 0 || header.every((b) => b === 0)) return;
    if (header.length < 512)
      throw formatError(
        'data/tar',
        reader.file,
        `tar header at byte ${at} is cut short (truncated)`,
      );
    const { name, size, regular } = parseTarHeader(header, 0, { file: reader.file, at });
    const padded = Math.ceil(size / 512) * 512;
    const cut = () =>
      formatError(
        'data/tar',
        reader.file,
        `tar member ${name} runs past the end of the archive (truncated)`,
      );
    let read = 0;
    if (regular && want(name)) {
      if (size > maxMemberBytes)
        throw limitError(
          'data/tar',
          reader.file,
          `tar member ${name} says it holds ${size} bytes; at most ${maxMemberBytes} are read`,
        );
      yield {
        name,
        size,
        file: reader.file,
        async readInto(out) {
          const n = Math.min(out.length, size - read);
          const got = await reader.readInto(n === out.length ? out : out.subarray(0, n));
          read += got;
          if (got < n) throw cut();
          return got;
        },
      };
    }
    if ((await reader.skip(padded - read)) < padded - read) throw cut();
    at += 512 + padded;
  }
}
