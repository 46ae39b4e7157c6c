import type { MetricPoint } from '@qstore/core';
import { type BatchChunk, chunkBatch } from './batching.js';

/** What is waiting to be sent. */
export interface PendingBatch {
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: MetricPoint[];
}

/** Options of {@link BatchSender}. */
export interface BatchSenderOptions {
  /** Sends one `log-batch` request. */
  send(chunk: BatchChunk): Promise<void>;
  /** How often buffered entries are sent in the background, in ms. */
  flushIntervalMs: number;
  /** Send in the background as soon as this many metrics wait. @default 1000 */
  sendAt?: number;
  /**
   * Whether a failed chunk is kept for the next attempt (server unreachable) rather than dropped
   * (server refused it: retrying cannot help, and it would block everything after it).
   * @default () => true
   */
  keep?: (error: unknown) => boolean;
}

/**
 * Buffers params, tags and metrics and sends them in the background in `log-batch` chunks, so
 * that logging never waits for the network. `flush()` waits for delivery; what could not be sent
 * stays queued (in order) for the next attempt.
 */
export class BatchSender {
  #pending: PendingBatch = { params: {}, tags: {}, metrics: [] };
  #chain: Promise<void> = Promise.resolve();
  #refused: unknown;
  readonly #options: BatchSenderOptions;
  readonly #timer: NodeJS.Timeout;

  constructor(options: BatchSenderOptions) {
    this.#options = options;
    this.#timer = setInterval(() => this.#background(), options.flushIntervalMs);
    this.#timer.unref();
  }

  #background(): void {
    this.flush().catch(() => undefined); // kept queued, or remembered: the next flush() reports it
  }

  /** Queues entries (never waits). */
  add(batch: Partial<PendingBatch>): void {
    Object.assign(this.#pending.params, batch.params);
    Object.assign(this.#pending.tags, batch.tags);
    if (batch.metrics !== undefined) for (const m of batch.metrics) this.#pending.metrics.push(m);
    if (this.#pending.metrics.length >= (this.#options.sendAt ?? 1000)) this.#background();
  }

  /** A copy of everything not yet delivered. */
  pending(): PendingBatch {
    return {
      params: { ...this.#pending.params },
      tags: { ...this.#pending.tags },
      metrics: [...this.#pending.metrics],
    };
  }

  #requeue(chunks: readonly BatchChunk[]): void {
    const metrics = chunks.flatMap((c) => c.metrics.map((m) => ({ ...m })));
    const params = Object.fromEntries(chunks.flatMap((c) => c.params.map((p) => [p.key, p.value])));
    const tags = Object.fromEntries(chunks.flatMap((c) => c.tags.map((t) => [t.key, t.value])));
    this.#pending = {
      params: { ...params, ...this.#pending.params },
      tags: { ...tags, ...this.#pending.tags },
      metrics: [...metrics, ...this.#pending.metrics],
    };
  }

  /**
   * Sends everything queued so far (after any send in progress). Rejects when the server could not
   * be reached (the rest stays queued) or refused a chunk since the last flush (that chunk is
   * dropped, the others are still sent).
   */
  flush(): Promise<void> {
    const run = async () => {
      const batch = this.#pending;
      this.#pending = { params: {}, tags: {}, metrics: [] };
      const chunks = chunkBatch(batch);
      for (let i = 0; i < chunks.length; i++) {
        try {
          await this.#options.send(chunks[i]!);
        } catch (error) {
          if (this.#options.keep?.(error) ?? true) {
            this.#requeue(chunks.slice(i));
            throw error;
          }
          this.#refused ??= error;
        }
      }
      const refused = this.#refused;
      this.#refused = undefined;
      if (refused !== undefined) throw refused;
    };
    const next = this.#chain.then(run, run);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  /** Stops the background timer. */
  close(): void {
    clearInterval(this.#timer);
  }
}
