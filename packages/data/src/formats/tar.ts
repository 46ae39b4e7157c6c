import { formatError } from '../internal/fail.js';

/** One regular file in a tar archive; `data` is a view into the archive. */
export interface TarEntry {
  readonly name: string;
  readonly data: Uint8Array;
}

function text(bytes: Uint8Array, start: number, length: number): string {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
}

/** Lists the regular files of a ustar archive (512-byte headers, octal sizes, name prefixes). */
export function readTar(bytes: Uint8Array, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const sizeText = text(bytes, at + 124, 12).trim();
    if (!/^[0-7]+$/.test(sizeText))
      throw formatError('data/tar', file, `tar header at byte ${at} has no valid size field`);
    const size = Number.parseInt(sizeText, 8);
    const type = String.fromCharCode(bytes[at + 156]!);
    const prefix = text(bytes, at + 257, 6) === 'ustar' ? text(bytes, at + 345, 155) : '';
    const name = prefix === '' ? text(bytes, at, 100) : `${prefix}/${text(bytes, at, 100)}`;
    const start = at + 512;
    if (start + size > bytes.length)
      throw formatError(
        'data/tar',
        file,
        `tar member ${name} runs past the end of the archive (truncated)`,
      );
    if (type === '0' || type === '\0')
      entries.push({ name, data: bytes.subarray(start, start + size) });
    at = start + Math.ceil(size / 512) * 512;
  }
  return entries;
}
