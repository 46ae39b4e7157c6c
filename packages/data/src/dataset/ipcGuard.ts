import { formatError } from '../internal/fail.js';

const SCOPE = 'data/arrow';
const MESSAGE_RECORD_BATCH = 3;
const MESSAGE_DICTIONARY_BATCH = 4;
const MAX_ROWS = 2 ** 31;

/** A bounds-checked reader of one flatbuffer (the metadata of one Arrow IPC message). */
class FlatView {
  constructor(
    readonly view: DataView,
    readonly start: number,
    readonly end: number,
    readonly fail: (why: string) => Error,
  ) {}

  at(offset: number, size: number): number {
    if (offset < this.start || offset + size > this.end)
      throw this.fail('metadata points outside its message');
    return offset;
  }

  /** The absolute position of field `index` of the table at `table`, or -1 when absent. */
  field(table: number, index: number): number {
    const vtable = table - this.view.getInt32(this.at(table, 4), true);
    const vtableSize = this.view.getUint16(this.at(vtable, 4), true);
    if (4 + 2 * index + 2 > vtableSize) return -1;
    const offset = this.view.getUint16(this.at(vtable + 4 + 2 * index, 2), true);
    return offset === 0 ? -1 : this.at(table + offset, 1);
  }

  /** The table an offset field points to. */
  ref(position: number): number {
    return this.at(position + this.view.getUint32(this.at(position, 4), true), 4);
  }

  /** Length and first element of a vector of `itemSize`-byte structs, checked to fit. */
  vector(position: number, itemSize: number): { length: number; first: number } {
    const at = this.ref(position);
    const length = this.view.getUint32(at, true);
    this.at(at + 4, length * itemSize);
    return { length, first: at + 4 };
  }

  int64(position: number): number {
    return Number(this.view.getBigInt64(this.at(position, 8), true));
  }
}

const MESSAGE_SCHEMA = 1;
const MAX_DEPTH = 64;

/** Checks a Schema Field table: its name, custom metadata and children (recursively) fit. */
function checkField(flat: FlatView, field: number, depth: number): void {
  if (depth > MAX_DEPTH) throw flat.fail('schema nests fields too deeply');
  const name = flat.field(field, 0);
  if (name !== -1) flat.vector(name, 1);
  const metadata = flat.field(field, 6);
  if (metadata !== -1) checkKeyValues(flat, metadata);
  const children = flat.field(field, 5);
  if (children === -1) return;
  const list = flat.vector(children, 4);
  for (let i = 0; i < list.length; i++) checkField(flat, flat.ref(list.first + 4 * i), depth + 1);
}

function checkKeyValues(flat: FlatView, position: number): void {
  const list = flat.vector(position, 4);
  for (let i = 0; i < list.length; i++) {
    const entry = flat.ref(list.first + 4 * i);
    for (const index of [0, 1]) {
      const text = flat.field(entry, index);
      if (text !== -1) flat.vector(text, 1);
    }
  }
}

function checkSchema(flat: FlatView, schema: number): void {
  const fields = flat.field(schema, 1);
  if (fields !== -1) {
    const list = flat.vector(fields, 4);
    for (let i = 0; i < list.length; i++) checkField(flat, flat.ref(list.first + 4 * i), 0);
  }
  const metadata = flat.field(schema, 2);
  if (metadata !== -1) checkKeyValues(flat, metadata);
}

function checkRecordBatch(flat: FlatView, batch: number, bodyLength: number): void {
  const length = flat.field(batch, 0);
  if (length !== -1 && (flat.int64(length) < 0 || flat.int64(length) > MAX_ROWS))
    throw flat.fail(`record batch claims ${flat.int64(length)} rows`);
  const nodesField = flat.field(batch, 1);
  if (nodesField !== -1) {
    const nodes = flat.vector(nodesField, 16);
    for (let i = 0; i < nodes.length; i++) {
      const rows = flat.int64(nodes.first + 16 * i);
      if (rows < 0 || rows > MAX_ROWS) throw flat.fail(`field node ${i} claims ${rows} values`);
    }
  }
  const buffersField = flat.field(batch, 2);
  if (buffersField === -1) return;
  const buffers = flat.vector(buffersField, 16);
  for (let i = 0; i < buffers.length; i++) {
    const offset = flat.int64(buffers.first + 16 * i);
    const size = flat.int64(buffers.first + 16 * i + 8);
    if (offset < 0 || size < 0 || offset + size > bodyLength)
      throw flat.fail(
        `buffer ${i} (${offset}+${size}) lies outside the ${bodyLength}-byte message body`,
      );
  }
}

/**
 * Walks the messages of an Arrow IPC stream or file and checks, before apache-arrow decodes
 * anything, that every message, vector and buffer lies inside the bytes and that row counts are
 * sane. apache-arrow trusts these fields, so a corrupt count could make it loop for a long time or
 * allocate without bound; this turns such input into `CORRUPT_DATA` at once.
 */
export function checkIpcLayout(bytes: Uint8Array, what: string): void {
  const fail = (why: string) =>
    formatError(SCOPE, what, `not a valid Arrow IPC file or stream: ${why}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isFile = bytes.length >= 6 && new TextDecoder().decode(bytes.subarray(0, 6)) === 'ARROW1';
  let at = isFile ? 8 : 0;
  while (at + 4 <= bytes.length) {
    let length = view.getInt32(at, true);
    if (length === -1) {
      if (at + 8 > bytes.length) throw fail('truncated message length');
      length = view.getInt32(at + 4, true);
      at += 8;
    } else {
      at += 4;
    }
    if (length === 0) return; // end-of-stream marker (a file's footer follows it)
    if (length < 0 || at + length > bytes.length)
      throw fail(`message metadata of ${length} bytes at ${at} runs past the end`);
    const flat = new FlatView(view, at, at + length, fail);
    const message = flat.ref(at);
    const typeField = flat.field(message, 1);
    const type = typeField === -1 ? 0 : view.getUint8(typeField);
    const bodyField = flat.field(message, 3);
    const bodyLength = bodyField === -1 ? 0 : flat.int64(bodyField);
    if (bodyLength < 0 || at + length + bodyLength > bytes.length)
      throw fail(`message body of ${bodyLength} bytes runs past the end`);
    const headerField = flat.field(message, 2);
    if (headerField !== -1 && type === MESSAGE_SCHEMA) checkSchema(flat, flat.ref(headerField));
    if (
      headerField !== -1 &&
      (type === MESSAGE_RECORD_BATCH || type === MESSAGE_DICTIONARY_BATCH)
    ) {
      const header = flat.ref(headerField);
      const batch =
        type === MESSAGE_RECORD_BATCH
          ? header
          : flat.field(header, 1) === -1
            ? -1
            : flat.ref(flat.field(header, 1));
      if (batch !== -1) checkRecordBatch(flat, batch, bodyLength);
    }
    at += length + bodyLength;
    if (
      isFile &&
      at + 4 <= bytes.length &&
      view.getInt32(at, true) !== -1 &&
      view.getInt32(at, true) <= 0
    )
      return;
  }
}
