import { appendFile, mkdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { maskedCrc32c } from './crc32c.js';
import { fileVersionEvent } from './events.js';

let counter = 0;

/** Frames one serialized `Event` as a TFRecord: length, masked CRC of the length, payload, masked CRC of the payload. */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + payload.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(payload.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(payload, 12);
  view.setUint32(12 + payload.length, maskedCrc32c(payload), true);
  return out;
}

/** Options of {@link EventFileWriter.open}. */
export interface EventFileWriterOptions {
  /** How often buffered records are appended to the file, in ms. @default 2000 */
  flushIntervalMs?: number;
}

/**
 * Writes one `events.out.tfevents.<secs>.<host>.<pid>.<n>` file: records are buffered and
 * appended on `flush()`, every `flushIntervalMs` and on `close()`.
 */
export class EventFileWriter {
  readonly path: string;
  #pending: Uint8Array[] = [];
  #writing: Promise<void> = Promise.resolve();
  readonly #timer: NodeJS.Timeout;

  private constructor(path: string, flushIntervalMs: number) {
    this.path = path;
    this.#timer = setInterval(() => void this.flush().catch(() => undefined), flushIntervalMs);
    this.#timer.unref();
  }

  /** Creates the folder and the file, whose first record is the `brain.Event:2` header. */
  static async open(dir: string, options: EventFileWriterOptions = {}): Promise<EventFileWriter> {
    await mkdir(dir, { recursive: true });
    const now = Date.now() / 1000;
    const secs = String(Math.floor(now)).padStart(10, '0');
    const name = `events.out.tfevents.${secs}.${hostname()}.${process.pid}.${counter++}`;
    const writer = new EventFileWriter(join(dir, name), options.flushIntervalMs ?? 2000);
    writer.write(fileVersionEvent(now));
    await writer.flush();
    return writer;
  }

  /** Queues one serialized `Event`. */
  write(event: Uint8Array): void {
    this.#pending.push(frameRecord(event));
  }

  /** Appends everything queued so far. */
  flush(): Promise<void> {
    const chunks = this.#pending;
    this.#pending = [];
    if (chunks.length === 0) return this.#writing;
    const data = Buffer.concat(chunks);
    this.#writing = this.#writing.then(() => appendFile(this.path, data));
    return this.#writing;
  }

  /** Flushes and stops the periodic flush. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}
