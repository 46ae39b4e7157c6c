import jpeg from 'jpeg-js';
import { formatError } from '../internal/fail.js';
import { type DecodedImage, decodePng, isPng } from './png.js';

const SCOPE = 'data/image';

/** Whether bytes start like a JPEG (`FF D8 FF`). */
export function isJpeg(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
}

function decodeJpeg(bytes: Uint8Array, file: string): DecodedImage {
  try {
    const image = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxMemoryUsageInMB: 512,
    });
    return {
      width: image.width,
      height: image.height,
      channels: image.data.length / (image.width * image.height),
      data: image.data,
    };
  } catch (error) {
    throw formatError(
      SCOPE,
      file,
      `corrupt JPEG (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
}

/** Converts pixels between gray (1), gray+alpha (2), RGB (3) and RGBA (4); alpha is dropped or set opaque. */
export function convertChannels(image: DecodedImage, channels: number): DecodedImage {
  if (image.channels === channels) return image;
  const n = image.width * image.height;
  const out = new Uint8Array(n * channels);
  for (let i = 0; i < n; i++) {
    const s = i * image.channels;
    const color = image.channels >= 3;
    const r = image.data[s]!;
    const g = color ? image.data[s + 1]! : r;
    const b = color ? image.data[s + 2]! : r;
    const a =
      image.channels === 2 ? image.data[s + 1]! : image.channels === 4 ? image.data[s + 3]! : 255;
    const d = i * channels;
    if (channels <= 2) {
      // ITU-R 601-2 luma, as PIL's convert('L') computes it
      out[d] = color ? Math.trunc((r * 299 + g * 587 + b * 114 + 500) / 1000) : r;
      if (channels === 2) out[d + 1] = a;
    } else {
      out[d] = r;
      out[d + 1] = g;
      out[d + 2] = b;
      if (channels === 4) out[d + 3] = a;
    }
  }
  return { width: image.width, height: image.height, channels, data: out };
}

/**
 * Decodes a PNG (own decoder) or JPEG (jpeg-js; gray JPEGs come back as RGB from jpeg-js and are
 * reduced to one channel) and converts it to `channels` when given. Other bytes throw
 * `UNSUPPORTED_FORMAT` naming the file. `into`: where a PNG's pixels go when they need no
 * conversion and fit it exactly (then `data` is `into`; see {@link decodePng}).
 */
export function decodeImage(
  bytes: Uint8Array,
  file: string,
  channels?: number,
  into?: Uint8Array,
): DecodedImage {
  let image: DecodedImage;
  if (isPng(bytes)) image = decodePng(bytes, file, into);
  else if (isJpeg(bytes)) image = decodeJpeg(bytes, file);
  else
    throw formatError(
      SCOPE,
      file,
      'not an image: expected PNG or JPEG bytes',
      'UNSUPPORTED_FORMAT',
    );
  return channels === undefined ? image : convertChannels(image, channels);
}
