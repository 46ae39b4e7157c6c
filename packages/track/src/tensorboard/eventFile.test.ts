import { readdirSync, readFileSync } from 'node:fs';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { crc32c, maskedCrc32c } from './crc32c.js';
import { EventFileWriter, frameRecord } from './eventFileWriter.js';
import { histogramOf, scalarEvent } from './events.js';
import { readFields } from './protobuf.js';
import { readEventFile } from './readEventFile.js';

// An independent, bit-by-bit CRC-32C and mask, straight from the spec (§3.1).
function bitwiseMaskedCrc(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  crc = (crc ^ 0xffffffff) >>> 0;
  return (((crc >>> 15) | (crc << 17)) + 0xa282ead8) >>> 0;
}

const hex = (text: string) =>
  Uint8Array.from(
    text
      .trim()
      .split(/\s+/)
      .map((b) => Number.parseInt(b, 16)),
  );

describe('crc32c', () => {
  it('should match the standard check value and the bitwise reference', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff);
    expect(maskedCrc32c(bytes)).toBe(bitwiseMaskedCrc(bytes));
  });
});

describe('TensorBoard events', () => {
  const tempDir = useTempDirs('qstore-tb-');

  it('should encode one scalar event to the exact bytes worked out from the spec', () => {
    // Event{wall_time: 1700000000.5, step: 3, summary: {value: [{tag: "loss",
    //   tensor: {dtype: DT_FLOAT, tensor_shape: {}, float_val: [0.25]},
    //   metadata: {plugin_data: {plugin_name: "scalars"}, data_class: SCALAR}}]}}
    const payload = hex(`
      09 00 00 20 40 fc 54 d9 41
      10 03
      2a 23
        0a 21
          0a 04 6c 6f 73 73
          42 0a  08 01  12 00  2a 04 00 00 80 3e
          4a 0d  0a 09 0a 07 73 63 61 6c 61 72 73  20 01`);
    const event = scalarEvent({
      tag: 'loss',
      value: 0.25,
      step: 3,
      wallTime: 1700000000.5,
      withMetadata: true,
    });
    expect(Buffer.from(event).toString('hex')).toBe(Buffer.from(payload).toString('hex'));
    const length = hex('30 00 00 00 00 00 00 00');
    const record = frameRecord(event);
    const expected = new Uint8Array(12 + payload.length + 4);
    const view = new DataView(expected.buffer);
    expected.set(length, 0);
    view.setUint32(8, bitwiseMaskedCrc(length), true);
    expected.set(payload, 12);
    view.setUint32(12 + payload.length, bitwiseMaskedCrc(payload), true);
    expect(Buffer.from(record).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
  });

  it('should write a brain.Event:2 header first, valid CRCs on every record, and read back', async () => {
    const dir = await tempDir();
    const writer = await EventFileWriter.open(dir, { flushIntervalMs: 60_000 });
    for (let step = 0; step < 5; step++)
      writer.write(
        scalarEvent({
          tag: 'train/loss',
          value: 1 / (step + 1),
          step,
          wallTime: 1700000000 + step,
          withMetadata: step === 0,
        }),
      );
    await writer.close();
    expect(readdirSync(dir)[0]).toMatch(/^events\.out\.tfevents\.\d{10}\..+\.\d+\.\d+$/);
    const bytes = readFileSync(writer.path);
    let pos = 0;
    let records = 0;
    while (pos < bytes.length) {
      const length = Number(bytes.readBigUInt64LE(pos));
      expect(bytes.readUInt32LE(pos + 8)).toBe(bitwiseMaskedCrc(bytes.subarray(pos, pos + 8)));
      expect(bytes.readUInt32LE(pos + 12 + length)).toBe(
        bitwiseMaskedCrc(bytes.subarray(pos + 12, pos + 12 + length)),
      );
      pos += 16 + length;
      records++;
    }
    expect(pos).toBe(bytes.length);
    expect(records).toBe(6);
    const events = await readEventFile(writer.path);
    expect(events[0]!.fileVersion).toBe('brain.Event:2');
    expect(events.slice(1).map((e) => [e.step, e.values[0]!.tag, e.values[0]!.scalar])).toEqual(
      [0, 1, 2, 3, 4].map((s) => [s, 'train/loss', Math.fround(1 / (s + 1))]),
    );
    expect(events[1]!.values[0]!.pluginName).toBe('scalars');
    expect(events[2]!.values[0]!.pluginName).toBeUndefined();
  });

  it('should report a truncated file and a flipped byte as CORRUPT_DATA', async () => {
    const dir = await tempDir();
    const writer = await EventFileWriter.open(dir);
    writer.write(scalarEvent({ tag: 'a', value: 1, step: 1, wallTime: 1, withMetadata: true }));
    await writer.close();
    const size = readFileSync(writer.path).length;
    await truncate(writer.path, size - 3);
    await expectQStoreError(() => readEventFile(writer.path), 'CORRUPT_DATA', /truncated payload/);
    await truncate(writer.path, size - 30);
    await expectQStoreError(() => readEventFile(writer.path), 'CORRUPT_DATA', /truncated/);
    const flipped = Buffer.from(readFileSync(writer.path));
    flipped[20] = flipped[20]! ^ 0xff;
    await writeFile(join(dir, 'flipped.tfevents'), flipped);
    await expectQStoreError(
      () => readEventFile(join(dir, 'flipped.tfevents')),
      'CORRUPT_DATA',
      /CRC/,
    );
  });

  it('should bucket histograms with DBL_MAX as the last edge and skip non-finite values', () => {
    const h = histogramOf([0, 1, 2, 3, 4, Number.NaN, Number.POSITIVE_INFINITY], 4);
    expect(h).toMatchObject({ min: 0, max: 4, num: 5, sum: 10, sumSquares: 30 });
    expect(h.bucketLimit).toEqual([1, 2, 3, Number.MAX_VALUE]);
    expect(h.bucket).toEqual([2, 1, 1, 1]);
    expect(readFields(new Uint8Array([0x08, 0x96, 0x01]), 'x')[0]!.int).toBe(150n);
    expect(() => readFields(new Uint8Array([0x0a, 0x05, 0x01]), 'x')).toThrow(/malformed/);
  });
});
