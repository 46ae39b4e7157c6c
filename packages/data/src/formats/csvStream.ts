import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { formatError } from '../internal/fail.js';
import { ioError } from '../internal/io.js';
import { type CsvOptions, type CsvTable, parseCsv } from './csv.js';

/**
 * Streams a CSV file (gzipped or not) in tables of at most `batchRows` rows, reading line by line.
 * Header handling and label columns are as in {@link parseCsv}; text labels are indexed by the
 * Text label columns cannot be streamed (their index order is only known at the end of the file).
 */
export async function* streamCsv(
  path: string,
  batchRows: number,
  options: CsvOptions = {},
): AsyncGenerator<CsvTable> {
  const raw = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    raw.once('readable', () => resolve());
    raw.once('error', (error) => reject(ioError(error, path, 'data/csv')));
  });
  await opened;
  const gz = /\.gz$/i.test(path);
  const lines = createInterface({
    input: gz ? raw.pipe(createGunzip()) : raw,
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const header = options.header ?? 'names';
  const headLines = header === 'none' ? 0 : 1;
  const head: string[] = [];
  let batch: string[] = [];
  let line = 0;
  const flush = (): CsvTable => {
    const text = `${head.join('\n')}\n${batch.join('\n')}\n`;
    batch = [];
    const table = parseCsv(
      new TextEncoder().encode(header === 'none' ? text.slice(1) : text),
      path,
      {
        ...options,
        ...(header === 'sklearn'
          ? { header: 'names', labelColumn: options.labelColumn ?? -1 }
          : {}),
      },
    );
    if (table.classes !== undefined) {
      throw formatError(
        'data/csv',
        path,
        'a text label column cannot be streamed (class indices depend on the whole file); load it whole',
        'UNSUPPORTED_FORMAT',
      );
    }
    return table;
  };
  try {
    for await (const text of lines) {
      line++;
      if (header === 'sklearn' && line === 1) continue; // the n_samples,n_features,classes line
      if (head.length < headLines) {
        const isNames =
          header !== 'sklearn' ||
          text.split(/[,\s]+/).some((cell) => cell !== '' && Number.isNaN(Number(cell)));
        if (isNames) {
          head.push(text);
          continue;
        }
        head.push(
          text
            .split(options.delimiter === 'whitespace' ? /\s+/ : (options.delimiter ?? ','))
            .map((_, i) => `column_${i}`)
            .join(options.delimiter === 'whitespace' ? ' ' : (options.delimiter ?? ',')),
        );
      }
      if (text.trim() === '') continue;
      batch.push(text);
      if (batch.length === batchRows) yield flush();
    }
    if (batch.length > 0) yield flush();
  } catch (error) {
    if ((error as { code?: string }).code?.startsWith('Z_'))
      throw formatError(
        'data/csv',
        path,
        `corrupt or truncated gzip data (${(error as Error).message})`,
        'CORRUPT_DATA',
        error,
      );
    throw error;
  } finally {
    lines.close();
    raw.destroy();
  }
}
