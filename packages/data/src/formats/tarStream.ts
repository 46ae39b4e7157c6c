import type { ByteReader } from '../internal/byteReader.js';
import { formatError, limitError } from '../internal/fail.js';
import { parseTarHeader } from './tar.js';

/** One regular file of a streamed tar archive that the caller asked for, read whole. */
export interface TarStreamMember {
  readonly name: string;
  readonly data: Uint8Array;
}

/**
 * Walks a ustar archive from a byte stream (e.g. a gunzipping {@link ByteReader}) header by header,
 * holding at most one wanted member: members for which `want(name)` is true are read whole and
 * yielded, the others are skipped without being copied. Every regular file's name is passed to
 * `want`, so a caller can also record which members the archive has. A wanted member larger than
 * `maxMemberBytes` (a corrupt size field, or more than the caller can hold) throws `RESOURCE_LIMIT`
 * before anything is allocated.
 */
export async function* walkTarStream(
  reader: ByteReader,
  want: (name: string) => boolean,
  maxMemberBytes: number,
): AsyncGenerator<TarStreamMember> {
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
    if (regular && want(name)) {
      if (size > maxMemberBytes)
        throw limitError(
          'data/tar',
          reader.file,
          `tar member ${name} says it holds ${size} bytes; at most ${maxMemberBytes} are read`,
        );
      const data = await reader.read(size);
      if (data.length < size) throw cut();
      yield { name, data };
      if ((await reader.skip(padded - size)) < padded - size) throw cut();
    } else if ((await reader.skip(padded)) < padded) throw cut();
    at += 512 + padded;
  }
}
