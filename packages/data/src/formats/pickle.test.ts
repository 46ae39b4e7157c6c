import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { fixtureBytes, fixturePath } from '../../test/helpers/fixtures.js';
import { parseNpyObjects } from './npy.js';
import { unpickleObjectArray } from './pickle.js';

describe('unpickleObjectArray / parseNpyObjects', () => {
  it('should read an IMDB-style object array written by numpy exactly', () => {
    const expected = JSON.parse(readFileSync(fixturePath('pickle', 'imdb_like.json'), 'utf8'));
    expect(parseNpyObjects(fixtureBytes('pickle', 'imdb_like.npy'), 'imdb_like.npy')).toEqual(
      expected,
    );
  });

  it('should refuse a pickle with a forbidden global (os.system) before running anything', async () => {
    await expectQStoreError(
      () => unpickleObjectArray(fixtureBytes('pickle', 'evil.pkl'), 'evil.pkl'),
      'UNSAFE_INPUT',
      /evil\.pkl: pickle names the global posix\.system, which is not allowed/,
    );
  });

  it('should refuse a numeric npy and a truncated pickle', async () => {
    await expectQStoreError(
      () => parseNpyObjects(fixtureBytes('npy', 'f4.npy'), 'f4.npy'),
      'UNSUPPORTED_FORMAT',
      /not an object array/,
    );
    const bytes = fixtureBytes('pickle', 'imdb_like.npy');
    await expectQStoreError(
      () => parseNpyObjects(bytes.subarray(0, bytes.length - 20), 't.npy'),
      'CORRUPT_DATA',
      /t\.npy/,
    );
  });

  it('should only ever throw QStoreErrors on corrupt pickles (fast-check)', () =>
    fc.assert(
      fc.asyncProperty(corruptionOf(fixtureBytes('pickle', 'imdb_like.npy')), (b) =>
        parsesOrThrowsQStoreError(() => parseNpyObjects(b, 'p.npy')),
      ),
      { numRuns: 300, timeout: 5000 },
    ));
});
