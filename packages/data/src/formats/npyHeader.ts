import { formatError } from '../internal/fail.js';

const SCOPE = 'data/npy';
const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** The parsed header of an `.npy` file. */
export interface NpyHeader {
  /** The numpy dtype string, e.g. `<f4`, `|u1`, `>i2`, `|O`. */
  readonly descr: string;
  /** Whether the data is column-major. */
  readonly fortranOrder: boolean;
  /** The array's shape (`[]` for a scalar). */
  readonly shape: readonly number[];
  /** Format version as `[major, minor]`. */
  readonly version: readonly [number, number];
  /** Byte offset where the data starts. */
  readonly dataOffset: number;
}

function field(text: string, key: string, pattern: string, file: string): RegExpExecArray {
  const match = new RegExp(`['"]${key}['"]\\s*:\\s*${pattern}`).exec(text);
  if (match === null) {
    throw formatError(
      SCOPE,
      file,
      `npy header has no valid '${key}' entry: ${JSON.stringify(text.slice(0, 120))}`,
    );
  }
  return match;
}

/**
 * Reads the magic, version (1.0, 2.0, 3.0) and header dict of an `.npy` file. Always reads the
 * header length field (never assumes 64-byte alignment).
 */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw formatError(SCOPE, file, 'not an npy file: expected the magic bytes \\x93NUMPY');
  }
  const major = bytes[6]!;
  const minor = bytes[7]!;
  if (major < 1 || major > 3) {
    throw formatError(
      SCOPE,
      file,
      `npy format version ${major}.${minor} is not supported; expected 1.0, 2.0 or 3.0`,
      'UNSUPPORTED_FORMAT',
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthSize = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthSize) throw formatError(SCOPE, file, 'npy header is truncated');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthSize;
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    throw formatError(
      SCOPE,
      file,
      `npy header claims ${headerLength} bytes but the file ends at ${bytes.length}`,
    );
  }
  const decoder = new TextDecoder(major === 3 ? 'utf-8' : 'latin1');
  const text = decoder.decode(bytes.subarray(headerStart, dataOffset));
  if (/['"]descr['"]\s*:\s*\[/.test(text)) {
    throw formatError(
      SCOPE,
      file,
      'structured dtypes are not supported; save one array per field',
      'UNSUPPORTED_FORMAT',
    );
  }
  const descr = field(text, 'descr', `['"]([^'"]+)['"]`, file)[1]!;
  const fortranOrder = field(text, 'fortran_order', '(True|False)', file)[1] === 'True';
  const shapeText = field(text, 'shape', '\\(([^)]*)\\)', file)[1]!;
  const shape = shapeText
    .split(',')
    .map((part) => part.trim().replace(/L$/, ''))
    .filter((part) => part.length > 0)
    .map((part) => {
      if (!/^\d+$/.test(part))
        throw formatError(
          SCOPE,
          file,
          `npy shape (${shapeText}) holds '${part}'; expected non-negative integers`,
        );
      const dim = Number(part);
      if (!Number.isSafeInteger(dim))
        throw formatError(SCOPE, file, `npy shape dimension ${part} is too large`);
      return dim;
    });
  return { descr, fortranOrder, shape, version: [major, minor], dataOffset };
}
