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

/** What a ustar header says: the member's name (with its prefix), size and whether it is a regular file. */
export function parseTarHeader(
  bytes: Uint8Array,
  at: number,
  where: { file: string; at: number },
): { name: string; size: number; regular: boolean } {
  const sizeText = text(bytes, at + 124, 12).trim();
  if (!/^[0-7]+$/.test(sizeText))
    throw formatError(
      'data/tar',
      where.file,
      `tar header at byte ${where.at} has no valid size field`,
    );
  const type = String.fromCharCode(bytes[at + 156]!);
  const prefix = text(bytes, at + 257, 6) === 'ustar' ? text(bytes, at + 345, 155) : '';
  const name = prefix === '' ? text(bytes, at, 100) : `${prefix}/${text(bytes, at, 100)}`;
  return { name, size: Number.parseInt(sizeText, 8), regular: type === '0' || type === '\0' };
}

/** Lists the regular files of a ustar archive (512-byte headers, octal sizes, name prefixes). */
export function readTar(bytes: Uint8Array, file: string): TarEntry[] {
  const entries: TarEntry[] = [];
  let at = 0;
  while (at + 512 <= bytes.length) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const { name, size, regular } = parseTarHeader(bytes, at, { file, at });
    const start = at + 512;
    if (start + size > bytes.length)
      throw formatError(
        'data/tar',
        file,
        `tar member ${name} runs past the end of the archive (truncated)`,
      );
    if (regular) entries.push({ name, data: bytes.subarray(start, start + size) });
    at = start + Math.ceil(size / 512) * 512;
  }
  return entries;
}
