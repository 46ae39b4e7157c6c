import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FormatError, type MetricPoint } from '@qstore/core';
import { formatPyFloat, parsePyFloat } from '../pyFloat.js';

const SCOPE = 'track/file';
/** Descriptors kept open at most (oldest closed first), far below common `ulimit -n` values. */
const MAX_OPEN_FILES = 256;

/** Every file under `dir` as `key → absolute path`, keys joined with `/` (nested keys). Missing dir → empty. */
export async function listKeyFiles(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw error;
  }
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(
      full
        .slice(dir.length + 1)
        .split(/[\\/]/)
        .join('/'),
      full,
    );
  }
  return out;
}

/** Reads a params or tags folder: one file per key, raw UTF-8 content. */
export async function readValueFiles(dir: string): Promise<Record<string, string>> {
  const files = await listKeyFiles(dir);
  const out: Record<string, string> = {};
  await Promise.all(
    [...files].map(async ([key, path]) => {
      out[key] = await readFile(path, 'utf8');
    }),
  );
  return out;
}

/**
 * Parses a metric file: `<ms> <value> <step>` per line (2 to 5 fields, as MLflow reads). A last
 * line without its newline was cut by a crash and is dropped.
 */
export function parseMetricLines(content: string, key: string, file: string): MetricPoint[] {
  const lines = content.split('\n');
  lines.pop(); // complete files end with '\n'; otherwise this drops the partial last line
  const points: MetricPoint[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = line.trim().split(' ');
    const timestamp = Number(fields[0]);
    const value = parsePyFloat(fields[1] ?? '');
    const step = fields[2] === undefined ? 0 : Number(fields[2]);
    if (
      fields.length < 2 ||
      fields.length > 5 ||
      !Number.isInteger(timestamp) ||
      value === undefined ||
      !Number.isInteger(step)
    )
      throw new FormatError(
        'CORRUPT_DATA',
        `${file}:${i + 1}: expected "<timestamp_ms> <value> <step>", got ${JSON.stringify(line.slice(0, 80))}`,
        {
          scope: SCOPE,
          details: { file, line: i + 1 },
        },
      );
    points.push({ key, value, timestamp, step });
  }
  return points;
}

/** The point MLflow shows as a run's latest value: the largest (step, timestamp, value). */
export function latestPoint(points: readonly MetricPoint[]): MetricPoint | undefined {
  let best: MetricPoint | undefined;
  for (const p of points) {
    if (
      best === undefined ||
      p.step > best.step ||
      (p.step === best.step &&
        (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))
    )
      best = p;
  }
  return best;
}

/**
 * Appends metric lines through cached `O_APPEND` descriptors: one `write` per line, so lines of
 * two processes never interleave and a `kill -9` loses at most the line being written.
 */
export class MetricAppender {
  readonly #fds = new Map<string, number>();

  /** Appends one line per point to `<metricsDir>/<key>`. */
  append(metricsDir: string, points: readonly MetricPoint[]): void {
    for (const p of points) {
      const path = join(metricsDir, p.key);
      let fd = this.#fds.get(path);
      if (fd === undefined) {
        if (this.#fds.size >= MAX_OPEN_FILES) this.#closeOldest();
        mkdirSync(dirname(path), { recursive: true });
        fd = openSync(path, 'a');
        this.#fds.set(path, fd);
      }
      writeSync(fd, `${p.timestamp} ${formatPyFloat(p.value)} ${p.step}\n`);
    }
  }

  #closeOldest(): void {
    const [path, fd] = this.#fds.entries().next().value as [string, number];
    closeSync(fd);
    this.#fds.delete(path);
  }

  /** How many metric files are open. */
  get openFiles(): number {
    return this.#fds.size;
  }

  /** Closes the descriptors of files under `prefix` (a run folder), or all of them. */
  close(prefix = ''): void {
    for (const [path, fd] of this.#fds) {
      if (!path.startsWith(prefix)) continue;
      closeSync(fd);
      this.#fds.delete(path);
    }
  }
}
