import { gzipSync } from 'node:zlib';

/** A gzipped ustar archive of regular files, in the order given (for streaming tests). */
export function tarGz(members: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const ascii = (s: string) => new TextEncoder().encode(s);
  for (const { name, data } of members) {
    const header = new Uint8Array(512);
    header.set(ascii(name), 0);
    header.set(ascii('0000644\0'), 100);
    header.set(ascii(`${data.length.toString(8).padStart(11, '0')}\0`), 124);
    header.set(ascii('00000000000\0'), 136);
    header[156] = '0'.charCodeAt(0);
    header.set(ascii('ustar\x0000'), 257);
    header.set(ascii('        '), 148);
    const sum = header.reduce((s, b) => s + b, 0);
    header.set(ascii(`${sum.toString(8).padStart(6, '0')}\0 `), 148);
    parts.push(header, data, new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return new Uint8Array(gzipSync(Buffer.concat(parts), { level: 1 }));
}

/**
 * A CIFAR-10 batch pickle of `rows` images, made from a small one written by Python (the
 * look-alike `data_batch_*` of the fixtures: Python 2 protocol, `labels` then `data`): labels
 * `label(r)`, pixel `p` of image `r` (channel-planar) `pixel(r, p)`.
 */
export function bigCifarPickle(
  template: Uint8Array,
  rows: number,
  fill: { label: (r: number) => number; pixel: (r: number, p: number) => number },
): Uint8Array {
  const find = (bytes: number[], from = 0) => {
    for (let i = from; i < template.length; i++)
      if (bytes.every((b, k) => template[i + k] === b)) return i;
    throw new Error('template is not a CIFAR look-alike batch');
  };
  const labelsStart = find([0x5d, 0x71, 0x04, 0x28]) + 4; // EMPTY_LIST BINPUT 4 MARK
  const labelsEnd = find([0x65], labelsStart); // APPENDS
  const shape = find([0x4b, 0x03, 0x4d, 0x00, 0x0c], labelsEnd); // BININT1 3, BININT2 3072
  const data = find([0x54], shape); // BINSTRING
  const dataEnd =
    data + 5 + new DataView(template.buffer, template.byteOffset).getUint32(data + 1, true);
  const labels = new Uint8Array(rows * 2);
  for (let r = 0; r < rows; r++) labels.set([0x4b, fill.label(r)], 2 * r);
  const count = new Uint8Array(5);
  count[0] = 0x4a; // BININT
  new DataView(count.buffer).setInt32(1, rows, true);
  const pixels = new Uint8Array(5 + rows * 3072);
  pixels[0] = 0x54;
  new DataView(pixels.buffer).setUint32(1, rows * 3072, true);
  for (let r = 0; r < rows; r++)
    for (let p = 0; p < 3072; p++) pixels[5 + r * 3072 + p] = fill.pixel(r, p);
  return Buffer.concat([
    template.subarray(0, labelsStart),
    labels,
    template.subarray(labelsEnd, shape),
    count,
    template.subarray(shape + 2, data),
    pixels,
    template.subarray(dataEnd),
  ]);
}
