import { crc32, deflateSync } from 'node:zlib';

/** An 8-bit gray PNG of `width × height` pixels (row-major), rows unfiltered, deflated at `level`. */
export function grayPng(pixels: Uint8Array, o: { width: number; height: number; level?: number }) {
  const chunk = (type: string, data: Uint8Array) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    out.set(data, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(o.width, 0);
  header.writeUInt32BE(o.height, 4);
  header[8] = 8; // bit depth; colour type 0 (gray), no interlace
  const raw = new Uint8Array(o.height * (o.width + 1));
  for (let y = 0; y < o.height; y++)
    raw.set(pixels.subarray(y * o.width, (y + 1) * o.width), y * (o.width + 1) + 1);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', deflateSync(raw, { level: o.level ?? 0 })),
      chunk('IEND', new Uint8Array(0)),
    ]),
  );
}
