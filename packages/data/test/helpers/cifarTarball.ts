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
 * A CIFAR batch pickle of `rows` images, made from a small one written by Python 2's pickler (the
 * look-alike `data_batch_*`, `train`, … of the fixtures: protocol 2, label lists as `] q n ( K l …
 * e`, `data` as one BINSTRING): each list named in `labels` gets `labels[key](r)` for image `r`,
 * pixel `p` of image `r` (channel-planar) is `pixel(r, p)`; everything else stays as Python wrote it.
 */
export function bigCifarPickle(
  template: Uint8Array,
  rows: number,
  fill: {
    labels: Record<string, (r: number) => number>;
    pixel: (r: number, p: number) => number;
  },
): Uint8Array {
  const find = (bytes: number[], from = 0) => {
    for (let i = from; i < template.length; i++)
      if (bytes.every((b, k) => template[i + k] === b)) return i;
    throw new Error('template is not a CIFAR look-alike batch');
  };
  const edits: { start: number; end: number; bytes: Uint8Array }[] = [];
  for (const [key, label] of Object.entries(fill.labels)) {
    const name = find([0x55, key.length, ...new TextEncoder().encode(key)]);
    const start = find([0x28], name + 2 + key.length) + 1; // after the list's MARK
    const items = new Uint8Array(rows * 2);
    for (let r = 0; r < rows; r++) items.set([0x4b, label(r)], 2 * r);
    edits.push({ start, end: find([0x65], start), bytes: items }); // up to APPENDS
  }
  const shape = find([0x4d, 0x00, 0x0c]) - 2; // BININT1 n, BININT2 3072
  const count = new Uint8Array(5);
  count[0] = 0x4a; // BININT
  new DataView(count.buffer).setInt32(1, rows, true);
  edits.push({ start: shape, end: shape + 2, bytes: count });
  const data = find([0x54], shape); // BINSTRING
  const dataEnd =
    data + 5 + new DataView(template.buffer, template.byteOffset).getUint32(data + 1, true);
  const pixels = new Uint8Array(5 + rows * 3072);
  pixels[0] = 0x54;
  new DataView(pixels.buffer).setUint32(1, rows * 3072, true);
  for (let r = 0; r < rows; r++)
    for (let p = 0; p < 3072; p++) pixels[5 + r * 3072 + p] = fill.pixel(r, p);
  edits.push({ start: data, end: dataEnd, bytes: pixels });
  edits.sort((a, b) => a.start - b.start);
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const edit of edits) {
    parts.push(template.subarray(at, edit.start), edit.bytes);
    at = edit.end;
  }
  parts.push(template.subarray(at));
  return Buffer.concat(parts);
}
