import { describe, expect, it } from 'vitest';
import { ERROR_CODES, errorFamilyOf, isErrorCode } from './errorCodes.js';
import {
  FormatError,
  isQStoreError,
  NotFoundError,
  QStoreError,
  ValidationError,
} from './errors.js';

describe('QStoreError', () => {
  it('should prefix the message with its scope and keep code, details and cause', () => {
    const cause = new Error('inner');
    const error = new FormatError('CORRUPT_DATA', 'bad magic in a.npy', {
      scope: 'data/npy',
      cause,
      details: { file: 'a.npy' },
    });
    expect(error.message).toBe('[qstore] [data/npy] bad magic in a.npy');
    expect(error.code).toBe('CORRUPT_DATA');
    expect(error.name).toBe('FormatError');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ file: 'a.npy' });
    expect(error).toBeInstanceOf(QStoreError);
    expect(error).toBeInstanceOf(Error);
  });

  it('should default the scope to core and serialise to JSON', () => {
    const error = new ValidationError('INVALID_ARGUMENT', 'k must be ≥ 2');
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'ValidationError',
      code: 'INVALID_ARGUMENT',
      scope: 'core',
      message: '[qstore] [core] k must be ≥ 2',
      details: {},
    });
  });
});

describe('isQStoreError', () => {
  it('should recognise Q-Store errors, optionally by code', () => {
    const error = new NotFoundError('NOT_FOUND', 'no such run');
    expect(isQStoreError(error)).toBe(true);
    expect(isQStoreError(error, 'NOT_FOUND')).toBe(true);
    expect(isQStoreError(error, 'UNKNOWN_PLUGIN')).toBe(false);
    expect(isQStoreError(new Error('plain'))).toBe(false);
    expect(isQStoreError('NOT_FOUND')).toBe(false);
  });

  it('should recognise an error from another copy of the package by its shape', () => {
    const foreign = Object.assign(new Error('[qstore] [x] y'), { code: 'IO_ERROR', scope: 'x' });
    expect(isQStoreError(foreign, 'IO_ERROR')).toBe(true);
  });
});

describe('ERROR_CODES', () => {
  it('should hold every code once and map it back to its family', () => {
    const all = Object.values(ERROR_CODES).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const [family, codes] of Object.entries(ERROR_CODES)) {
      for (const code of codes) expect(errorFamilyOf(code)).toBe(family);
    }
    expect(isErrorCode('CORRUPT_DATA')).toBe(true);
    expect(isErrorCode('corrupt_data')).toBe(false);
  });
});
