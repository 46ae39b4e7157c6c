import { readFile } from 'node:fs/promises';
import { FormatError } from '@qstore/core';
import { maskedCrc32c } from './crc32c.js';
import type { Histogram } from './events.js';
import { type ProtoField, readFields } from './protobuf.js';

/** One value of a summary, decoded. */
export interface SummaryValueRecord {
  tag: string;
  pluginName?: string;
  /** The raw `plugin_data.content` (hparams keep their session info here). */
  pluginContent?: Uint8Array;
  /** A scalar: legacy `simple_value` or the first element of a DT_FLOAT tensor. */
  scalar?: number;
  /** The first `string_val` of a DT_STRING tensor (text summaries). */
  text?: string;
  histogram?: Histogram;
}

/** One decoded `Event`. */
export interface EventRecord {
  wallTime: number;
  step: number;
  fileVersion?: string;
  values: SummaryValueRecord[];
}

const SCOPE = 'track/tensorboard';
const decoder = new TextDecoder();
const text = (f: ProtoField) => decoder.decode(f.bytes!);
const first = (fields: ProtoField[], n: number) => fields.find((f) => f.field === n);

function doubles(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: bytes.length / 8 }, (_, i) => view.getFloat64(i * 8, true));
}

function decodeValue(bytes: Uint8Array, what: string): SummaryValueRecord {
  const fields = readFields(bytes, what);
  const out: SummaryValueRecord = {
    tag: text(first(fields, 1) ?? { field: 1, wire: 2, bytes: new Uint8Array() }),
  };
  const simple = first(fields, 2);
  if (simple?.fixed !== undefined) out.scalar = simple.fixed.getFloat32(0, true);
  const meta = first(fields, 9);
  if (meta?.bytes !== undefined) {
    const plugin = first(readFields(meta.bytes, what), 1);
    if (plugin?.bytes !== undefined) {
      const pf = readFields(plugin.bytes, what);
      const name = first(pf, 1);
      if (name !== undefined) out.pluginName = text(name);
      const content = first(pf, 2);
      if (content?.bytes !== undefined) out.pluginContent = content.bytes;
    }
  }
  const tensor = first(fields, 8);
  if (tensor?.bytes !== undefined) {
    const tf = readFields(tensor.bytes, what);
    const floats = first(tf, 5);
    const content = first(tf, 4);
    const strings = first(tf, 8);
    if (floats?.bytes !== undefined && floats.bytes.length >= 4)
      out.scalar = new DataView(floats.bytes.buffer, floats.bytes.byteOffset).getFloat32(0, true);
    else if (floats?.fixed !== undefined) out.scalar = floats.fixed.getFloat32(0, true);
    else if (content?.bytes !== undefined && content.bytes.length === 4)
      out.scalar = new DataView(content.bytes.buffer, content.bytes.byteOffset).getFloat32(0, true);
    if (strings !== undefined) out.text = text(strings);
  }
  const histo = first(fields, 5);
  if (histo?.bytes !== undefined) {
    const hf = readFields(histo.bytes, what);
    const d = (n: number) => first(hf, n)?.fixed?.getFloat64(0, true) ?? 0;
    out.histogram = {
      min: d(1),
      max: d(2),
      num: d(3),
      sum: d(4),
      sumSquares: d(5),
      bucketLimit: doubles(first(hf, 6)?.bytes ?? new Uint8Array()),
      bucket: doubles(first(hf, 7)?.bytes ?? new Uint8Array()),
    };
  }
  return out;
}

/** Decodes one serialized `Event`. */
export function decodeEvent(payload: Uint8Array, what = 'event'): EventRecord {
  const fields = readFields(payload, what);
  const event: EventRecord = {
    wallTime: first(fields, 1)?.fixed?.getFloat64(0, true) ?? 0,
    step: Number(BigInt.asIntN(64, first(fields, 2)?.int ?? 0n)),
    values: [],
  };
  const version = first(fields, 3);
  if (version !== undefined) event.fileVersion = text(version);
  const summary = first(fields, 5);
  if (summary?.bytes !== undefined)
    for (const f of readFields(summary.bytes, what))
      if (f.field === 1 && f.bytes !== undefined) event.values.push(decodeValue(f.bytes, what));
  return event;
}

/**
 * Reads an event file strictly: both CRCs of every record are checked, and a cut-off record (a
 * truncated file) or a bad CRC is `CORRUPT_DATA` — TensorBoard itself would stop reading silently.
 */
export async function readEventFile(path: string): Promise<EventRecord[]> {
  const data = new Uint8Array(await readFile(path));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const events: EventRecord[] = [];
  const corrupt = (offset: number, why: string) =>
    new FormatError('CORRUPT_DATA', `${path}: record at byte ${offset}: ${why}`, {
      scope: SCOPE,
      details: { path, offset },
    });
  let pos = 0;
  while (pos < data.length) {
    if (pos + 12 > data.length) throw corrupt(pos, 'truncated header (expected 12 bytes)');
    if (view.getUint32(pos + 8, true) !== maskedCrc32c(data.subarray(pos, pos + 8)))
      throw corrupt(pos, 'bad length CRC');
    const length = Number(view.getBigUint64(pos, true));
    if (pos + 12 + length + 4 > data.length)
      throw corrupt(pos, `truncated payload (expected ${length} bytes and a CRC)`);
    const payload = data.subarray(pos + 12, pos + 12 + length);
    if (view.getUint32(pos + 12 + length, true) !== maskedCrc32c(payload))
      throw corrupt(pos, 'bad payload CRC');
    events.push(decodeEvent(payload, `${path}@${pos}`));
    pos += 12 + length + 4;
  }
  return events;
}
