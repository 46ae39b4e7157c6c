import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Callback, Logs } from '@qstore/core';
import { StorageError } from '@qstore/core';
import { invalidArgument, SCOPE } from '../internal/errors.js';

/** Options of {@link MetricsLogger}. */
export interface MetricsLoggerOptions {
  /** The file to append to. */
  path: string;
  /** CSV with a header row, or one JSON object per line. @default from the extension (`.csv` → csv) */
  format?: 'csv' | 'jsonl';
}

/**
 * Appends each epoch's logs to a file as CSV or JSON lines, one complete line per epoch, so a run
 * that dies leaves every finished epoch readable.
 */
export class MetricsLogger implements Callback {
  readonly name = 'metrics-logger';
  readonly #path: string;
  readonly #format: 'csv' | 'jsonl';
  #columns: string[] | undefined;

  constructor(options: MetricsLoggerOptions) {
    this.#path = options.path;
    this.#format = options.format ?? (options.path.endsWith('.csv') ? 'csv' : 'jsonl');
    if (this.#format !== 'csv' && this.#format !== 'jsonl') {
      throw invalidArgument(
        `metricsLogger format must be csv or jsonl, got ${String(this.#format)}`,
      );
    }
  }

  async onTrainBegin(): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true });
    // A resumed run appends under the header the file already has.
    const existing = await readFile(this.#path, 'utf8').catch(() => '');
    const header = existing.slice(0, existing.indexOf('\n'));
    this.#columns =
      this.#format === 'csv' && header.startsWith('epoch,')
        ? header.split(',').slice(1)
        : undefined;
  }

  async onEpochEnd(epoch: number, logs: Logs): Promise<void> {
    let text: string;
    if (this.#format === 'jsonl') {
      text = `${JSON.stringify({ epoch, ...logs })}\n`;
    } else {
      const header = this.#columns === undefined;
      this.#columns ??= Object.keys(logs);
      const row = [
        String(epoch),
        ...this.#columns.map((key) => (logs[key] === undefined ? '' : String(logs[key]))),
      ];
      text = `${header ? `epoch,${this.#columns.join(',')}\n` : ''}${row.join(',')}\n`;
    }
    try {
      await appendFile(this.#path, text);
    } catch (error) {
      throw new StorageError('IO_ERROR', `metricsLogger could not append to ${this.#path}`, {
        scope: SCOPE,
        cause: error,
      });
    }
  }
}
