import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { type Dataset, isQStoreError } from '@qstore/core';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import { formatError } from '../internal/fail.js';
import { ioError, readBytes } from '../internal/io.js';
import { fromArrow, toArrow } from './datasetArrow.js';
import { checkIpcLayout } from './ipcGuard.js';

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

/**
 * The dataset in Arrow IPC bytes (file or stream format; see {@link fromArrow}): its tensors are
 * views of `bytes` where a split lies in one record batch (no copy). Bytes that are not valid
 * Arrow throw `CORRUPT_DATA` naming `what`.
 */
export function datasetFromIpc(bytes: Uint8Array, what: string): Dataset {
  checkIpcLayout(bytes, what);
  try {
    return fromArrow(tableFromIPC(bytes), what);
  } catch (error) {
    if (isQStoreError(error)) throw error;
    const reason = (error as Error).message;
    throw formatError(
      'data/arrow',
      what,
      `not a valid Arrow IPC file or stream (${reason})`,
      'CORRUPT_DATA',
      error,
    );
  }
}

/** Reads a dataset written by {@link saveDataset} (or any Arrow IPC file or stream with `x`/`y`). */
export function loadSavedDataset(path: string): Dataset {
  return datasetFromIpc(readBytes(path, SCOPE), path);
}
