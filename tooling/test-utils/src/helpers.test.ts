import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FormatError, ValidationError } from '@qstore/core';
import { describe, expect, it } from 'vitest';
import { expectQStoreError } from './expectQStoreError.js';
import { useTempDirs } from './tempDir.js';

describe('expectQStoreError', () => {
  it('should return the error when the code matches, for sync and async actions', async () => {
    const error = await expectQStoreError(
      () => {
        throw new FormatError('CORRUPT_DATA', 'bad bytes');
      },
      'CORRUPT_DATA',
      /bad bytes/,
    );
    expect(error.scope).toBe('core');
    await expectQStoreError(async () => {
      throw new ValidationError('INVALID_ARGUMENT', 'no');
    }, 'INVALID_ARGUMENT');
  });

  it('should fail when nothing, another code or a plain error is thrown', async () => {
    await expect(expectQStoreError(() => 1, 'NOT_FOUND')).rejects.toThrow(/nothing was thrown/);
    await expect(
      expectQStoreError(() => {
        throw new ValidationError('INVALID_ARGUMENT', 'x');
      }, 'NOT_FOUND'),
    ).rejects.toThrow();
    await expect(
      expectQStoreError(() => {
        throw new TypeError('plain');
      }, 'NOT_FOUND'),
    ).rejects.toThrow(/got TypeError: plain/);
  });
});

describe('useTempDirs', () => {
  const tempDir = useTempDirs();
  let previous: string | undefined;

  it('should make a fresh writable folder', async () => {
    previous = await tempDir();
    await writeFile(join(previous, 'a.txt'), 'x');
    expect(existsSync(join(previous, 'a.txt'))).toBe(true);
  });

  it('should have removed the folders of the previous test', () => {
    expect(previous).toBeDefined();
    expect(existsSync(previous!)).toBe(false);
  });
});
