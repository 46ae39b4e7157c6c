import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { formatError } from '../internal/fail.js';

const SCOPE = 'data/parquet';
const MAX_PAGE_BYTES = 2 ** 31;

/** A thrift compact-protocol reader just big enough for Parquet page headers. */
class Thrift {
  at = 0;
  constructor(
    readonly bytes: Uint8Array,
    readonly fail: () => Error,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw this.fail();
    return this.bytes[this.at++]!;
  }

  varint(): number {
    let result = 0;
    for (let shift = 0; shift < 64; shift += 7) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
    throw this.fail();
  }

  zigzag(): number {
    const v = this.varint();
    return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
  }

  skip(type: number, depth: number): void {
    if (depth > 32) throw this.fail();
    if (type === 1 || type === 2) return;
    if (type === 3) this.at++;
    else if (type === 4 || type === 5 || type === 6) this.varint();
    else if (type === 7) this.at += 8;
    else if (type === 8) this.at += this.varint();
    else if (type === 9 || type === 10) {
      const head = this.byte();
      const size = head >> 4 === 15 ? this.varint() : head >> 4;
      for (let i = 0; i < size; i++) this.skip(head & 15, depth + 1);
    } else if (type === 12) this.struct(() => false, depth + 1);
    else throw this.fail();
    if (this.at > this.bytes.length) throw this.fail();
  }

  /** Walks a struct; `onField` reads a field and returns true, or returns false to skip it. */
  struct(onField: (id: number, type: number) => boolean, depth = 0): void {
    let id = 0;
    for (;;) {
      const head = this.byte();
      if (head === 0) return;
      const type = head & 15;
      id = head >> 4 === 0 ? this.zigzag() : id + (head >> 4);
      if (!onField(id, type)) this.skip(type, depth);
    }
  }
}

interface PageFacts {
  compressed: number;
  uncompressed: number;
  values: number;
}

function readPageHeader(t: Thrift): PageFacts {
  const facts: PageFacts = { compressed: -1, uncompressed: -1, values: 0 };
  t.struct((id, type) => {
    if (id === 2 && type === 5) facts.uncompressed = t.zigzag();
    else if (id === 3 && type === 5) facts.compressed = t.zigzag();
    else if ((id === 5 || id === 7 || id === 8) && type === 12) {
      t.struct((inner, innerType) => {
        if (inner === 1 && innerType === 5) {
          facts.values = id === 7 ? 0 : t.zigzag(); // dictionary entries are not row values
          return true;
        }
        return false;
      });
    } else return false;
    return true;
  });
  return facts;
}

/**
 * Checks the page headers of the column chunks that a read of `[rowStart, rowEnd)` touches before
 * hyparquet decodes them: sizes inside the chunk and within limits, and, for non-repeated columns,
 * no more values than the row group has rows. hyparquet trusts these counts, so a corrupt one can
 * make it loop for billions of values; this turns such a file into `CORRUPT_DATA` at once.
 * Returns a buffer that serves the chunk bytes already fetched, so nothing is read twice.
 */
export async function guardParquetPages(
  file: AsyncBuffer,
  metadata: FileMetaData,
  o: { rowStart: number; rowEnd: number; what: string },
): Promise<AsyncBuffer> {
  const fetched: { start: number; bytes: Uint8Array }[] = [];
  const repeated = new Set(
    metadata.schema.filter((s) => s.repetition_type === 'REPEATED').map((s) => s.name),
  );
  let first = 0;
  for (const group of metadata.row_groups) {
    const rows = Number(group.num_rows);
    const last = first + rows;
    if (last > o.rowStart && first < o.rowEnd) {
      for (const chunk of group.columns) {
        const meta = chunk.meta_data;
        if (meta === undefined) continue;
        const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
        const size = Number(meta.total_compressed_size);
        const fail = (why = 'a corrupt page header') =>
          formatError(SCOPE, o.what, `column ${meta.path_in_schema.join('.')}: ${why}`);
        if (start < 0 || size < 0 || start + size > file.byteLength)
          throw fail('its pages lie outside the file');
        const bytes = new Uint8Array(await file.slice(start, start + size));
        fetched.push({ start, bytes });
        const t = new Thrift(bytes, fail);
        let values = 0;
        const flat = !meta.path_in_schema.some((name) => repeated.has(name));
        while (t.at < bytes.length) {
          const page = readPageHeader(t);
          if (
            page.compressed < 0 ||
            page.uncompressed < 0 ||
            page.uncompressed > MAX_PAGE_BYTES ||
            t.at + page.compressed > bytes.length
          )
            throw fail(`a page of ${page.compressed} bytes does not fit its column chunk`);
          values += page.values;
          if (flat && values > rows)
            throw fail(`pages hold ${values} values but the row group has ${rows} rows`);
          t.at += page.compressed;
          // some writers leave bytes between the dictionary page and the first data page
          t.at = Math.max(t.at, Number(meta.data_page_offset) - start);
        }
      }
    }
    first = last;
  }
  return {
    byteLength: file.byteLength,
    slice(start, end = file.byteLength) {
      const hit = fetched.find((f) => start >= f.start && end <= f.start + f.bytes.length);
      if (hit === undefined) return file.slice(start, end);
      return hit.bytes.slice(start - hit.start, end - hit.start).buffer;
    },
  };
}
