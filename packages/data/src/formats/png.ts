import { inflateSync } from 'node:zlib';
import { formatError, limitError } from '../internal/fail.js';

const SCOPE = 'data/png';
const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const MAX_PIXELS = 2 ** 28;

/** A decoded image: row-major `height × width × channels` uint8 pixels. */
export interface DecodedImage {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

/** Whether bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && SIGNATURE.every((b, i) => bytes[i] === b);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

function unfilterRow(
  out: Uint8Array,
  raw: Uint8Array,
  o: { src: number; row: number; stride: number; bpp: number; filter: number; first: boolean },
): boolean {
  const { src, row, stride, bpp, filter, first } = o;
  const prev = row - stride;
  // one tight loop per filter type: this is the hot path of PNG decoding
  switch (filter) {
    case 0:
      out.set(raw.subarray(src, src + stride), row);
      return true;
    case 1:
      for (let x = 0; x < bpp; x++) out[row + x] = raw[src + x]!;
      for (let x = bpp; x < stride; x++) out[row + x] = raw[src + x]! + out[row + x - bpp]!;
      return true;
    case 2:
      if (first) out.set(raw.subarray(src, src + stride), row);
      else for (let x = 0; x < stride; x++) out[row + x] = raw[src + x]! + out[prev + x]!;
      return true;
    case 3:
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp]! : 0;
        const b = first ? 0 : out[prev + x]!;
        out[row + x] = raw[src + x]! + ((a + b) >> 1);
      }
      return true;
    case 4:
      for (let x = 0; x < stride; x++) {
        const a = x >= bpp ? out[row + x - bpp]! : 0;
        const b = first ? 0 : out[prev + x]!;
        const c = x >= bpp && !first ? out[prev + x - bpp]! : 0;
        out[row + x] = raw[src + x]! + paeth(a, b, c);
      }
      return true;
    default:
      return false;
  }
}

function unfilter(
  raw: Uint8Array,
  o: { height: number; stride: number; bpp: number; file: string; out: Uint8Array },
): Uint8Array {
  const { height, stride, bpp, file, out } = o;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const ok = unfilterRow(out, raw, {
      src: y * (stride + 1) + 1,
      row: y * stride,
      stride,
      bpp,
      filter,
      first: y === 0,
    });
    if (!ok) throw formatError(SCOPE, file, `row ${y} uses unknown filter type ${filter}`);
  }
  return out;
}

/**
 * Decodes an 8-bit, non-interlaced PNG (gray, gray+alpha, RGB, RGBA, palette → RGB or RGBA) with
 * `node:zlib`. Other bit depths and interlacing throw `UNSUPPORTED_FORMAT`; bad bytes `CORRUPT_DATA`.
 * When `into` is given and the image's pixels (not a palette image) are exactly its length, they
 * are written there and `data` is `into` (no allocation for the pixels: decode into a slice of a
 * tensor); else `data` is a new array.
 */
export function decodePng(bytes: Uint8Array, file: string, into?: Uint8Array): DecodedImage {
  if (!isPng(bytes)) throw formatError(SCOPE, file, 'not a PNG: expected the 8-byte PNG signature');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 8;
  let width = 0;
  let height = 0;
  let colorType = -1;
  let palette: Uint8Array | undefined;
  let alpha: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(
      bytes[at + 4]!,
      bytes[at + 5]!,
      bytes[at + 6]!,
      bytes[at + 7]!,
    );
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (at + 12 + length > bytes.length)
      throw formatError(SCOPE, file, `chunk ${type} runs past the end of the file (truncated)`);
    if (type === 'IHDR') {
      if (length < 13) throw formatError(SCOPE, file, 'IHDR chunk is too short');
      width = view.getUint32(at + 8);
      height = view.getUint32(at + 12);
      const depth = data[8]!;
      colorType = data[9]!;
      if (depth !== 8 || data[12] !== 0 || CHANNELS[colorType] === undefined) {
        throw formatError(
          SCOPE,
          file,
          `bit depth ${depth}, colour type ${colorType}, interlace ${data[12]} is not supported; expected 8-bit non-interlaced`,
          'UNSUPPORTED_FORMAT',
        );
      }
      if (width === 0 || height === 0 || width * height > MAX_PIXELS)
        throw limitError(
          SCOPE,
          file,
          `image size ${width}×${height} is empty or above ${MAX_PIXELS} pixels`,
        );
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') alpha = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (colorType === -1 || idat.length === 0)
    throw formatError(SCOPE, file, 'missing IHDR or IDAT chunk');
  const stored = CHANNELS[colorType]!;
  const stride = width * stored;
  let raw: Buffer;
  try {
    // chunkSize: one output buffer of the exact size (node's default, 16 KiB a call, makes
    // garbage that V8 collects late)
    raw = inflateSync(idat.length === 1 ? idat[0]! : Buffer.concat(idat), {
      maxOutputLength: height * (stride + 1),
      chunkSize: Math.max(64, height * (stride + 1)),
    });
  } catch (error) {
    throw formatError(
      SCOPE,
      file,
      `image data does not inflate to ${height} rows of ${stride} bytes (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
  if (raw.length !== height * (stride + 1))
    throw formatError(
      SCOPE,
      file,
      `image data holds ${raw.length} bytes; expected ${height * (stride + 1)}`,
    );
  const size = height * stride;
  const direct = colorType !== 3 && into?.length === size;
  const pixels = unfilter(raw, {
    height,
    stride,
    bpp: stored,
    file,
    out: direct ? into! : new Uint8Array(size),
  });
  if (colorType !== 3) return { width, height, channels: stored, data: pixels };
  if (palette === undefined) throw formatError(SCOPE, file, 'palette image without a PLTE chunk');
  const channels = alpha === undefined ? 3 : 4;
  const out = new Uint8Array(width * height * channels);
  for (let i = 0; i < pixels.length; i++) {
    const index = pixels[i]!;
    if (index * 3 + 2 >= palette.length)
      throw formatError(
        SCOPE,
        file,
        `pixel ${i} uses palette entry ${index} of ${palette.length / 3}`,
      );
    out[i * channels] = palette[index * 3]!;
    out[i * channels + 1] = palette[index * 3 + 1]!;
    out[i * channels + 2] = palette[index * 3 + 2]!;
    if (channels === 4) out[i * channels + 3] = alpha![index] ?? 255;
  }
  return { width, height, channels, data: out };
}
