import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import type { Dataset } from '@qstore/core';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { formatError } from '../internal/fail.js';
import { ioError, readBytes } from '../internal/io.js';
import { fromArrow, toArrow } from './datasetArrow.js';

const SCOPE = 'data/save';

/**
 * Writes a dataset as one Arrow IPC file (see {@link toArrow}). The file appears whole or not at
 * all: it is written to a temporary name next to `path` and renamed.
 */
export async function saveDataset(dataset: Dataset, path: string): Promise<void> {
  const bytes = tableToIPC(toArrow(dataset), 'file');
  const temp = `${path}.${randomUUID()}.part`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw ioError(error, path, SCOPE);
  }
}

/** Reads a dataset written by {@link saveDataset} (or any Arrow IPC file or stream with `x`/`y`). */
export function loadSavedDataset(path: string): Dataset {
  const bytes = readBytes(path, SCOPE);
  let table: ReturnType<typeof tableFromIPC>;
  try {
    table = tableFromIPC(bytes);
  } catch (error) {
    throw formatError(
      'data/arrow',
      path,
      `not a valid Arrow IPC file or stream (${(error as Error).message})`,
      'CORRUPT_DATA',
      error,
    );
  }
  return fromArrow(table, path);
}
