import { readFileSync } from 'node:fs';
import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { fixtureBytes, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { parseNpyObjects, pickledArrayTensor } from './npy.js';
import { isPickledArray, unpickle, unpickleObjectArray } from './pickle.js';

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

  it('should read numeric arrays pickled by Python 3 (protocols 2 and 4): dtype, byte order, Fortran order', () => {
    for (const protocol of [2, 4]) {
      const file = `arrays_py3_p${protocol}.pkl`;
      const dict = unpickle(fixtureBytes('pickle', file), file) as Map<string, unknown>;
      expect([...dict.keys()]).toEqual(['f8', 'i8_big_endian', 'f4_fortran', 'u1']);
      const tensor = (key: string) => {
        const array = dict.get(key);
        if (!isPickledArray(array)) throw new Error(`${key} is not an array`);
        return pickledArrayTensor(array, file);
      };
      expect(tensor('f8')).toMatchObject({ dtype: 'float64', shape: [2, 3] });
      expect(numbers(tensor('f8').data)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
      expect(numbers(tensor('i8_big_endian').data)).toEqual([1, -2, 3]);
      expect(tensor('f4_fortran')).toMatchObject({ dtype: 'float32', shape: [2, 3] });
      expect(numbers(tensor('f4_fortran').data)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(numbers(tensor('u1').data)).toEqual([0, 200, 255]);
    }
  });

  it('should refuse numpy arrays pickled with protocol 5 (numpy.core.numeric._frombuffer is not allowed)', async () => {
    await expectQStoreError(
      () => unpickle(fixtureBytes('pickle', 'arrays_py3_p5.pkl'), 'p5.pkl'),
      'UNSAFE_INPUT',
      /p5\.pkl: pickle names the global numpy\.core\.numeric\._frombuffer, which is not allowed/,
    );
  });

  it('should read a Python 2 style CIFAR batch (BINSTRING keys and pixels) as encoding="bytes" does', () => {
    const pixels = new Uint8Array([7, 8, 9]);
    // {'data': ndarray(u1, (1, 3)), 'labels': [5]} as cPickle protocol 2 writes it
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const str = (s: string) => [0x55, s.length, ...ascii(s)];
    const bytes = new Uint8Array([
      ...[0x80, 2, 0x7d, 0x28],
      ...str('data'),
      ...[0x63, ...ascii('numpy.core.multiarray\n_reconstruct\n')],
      ...[0x63, ...ascii('numpy\nndarray\n'), 0x4b, 0, 0x85, ...str('b'), 0x87, 0x52],
      ...[0x28, 0x4b, 1, 0x4b, 1, 0x4b, 3, 0x86],
      ...[0x63, ...ascii('numpy\ndtype\n'), ...str('u1'), 0x4b, 0, 0x4b, 1, 0x87, 0x52],
      ...[0x28, 0x4b, 3, ...str('|'), 0x4e, 0x4e, 0x4e, 0x4a, 255, 255, 255, 255],
      ...[0x4a, 255, 255, 255, 255, 0x4b, 0, 0x74, 0x62],
      ...[0x89, 0x54, 3, 0, 0, 0, ...pixels, 0x74, 0x62],
      ...str('labels'),
      ...[0x5d, 0x4b, 5, 0x61, 0x75, 0x2e],
    ]);
    const dict = unpickle(bytes, 'batch') as Map<string, unknown>;
    expect(dict.get('labels')).toEqual([5]);
    const data = dict.get('data');
    expect(isPickledArray(data) && data.descr).toBe('|u1');
    expect(numbers(pickledArrayTensor(data as never, 'batch').data)).toEqual([7, 8, 9]);
  });

  it('should refuse a forbidden global anywhere in a dict, and objects that are not numpy arrays', async () => {
    // {'data': posix.system('true')}, protocol 2
    const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
    const evil = new Uint8Array([
      ...[0x80, 2, 0x7d, 0x55, 4, ...ascii('data')],
      ...[0x63, ...ascii('posix\nsystem\n'), 0x55, 4, ...ascii('true'), 0x85, 0x52, 0x73, 0x2e],
    ]);
    await expectQStoreError(
      () => unpickle(evil, 'evil_batch'),
      'UNSAFE_INPUT',
      /evil_batch: pickle names the global posix\.system, which is not allowed/,
    );
    // NEWOBJ (protocol 2 class instances) is outside the subset
    await expectQStoreError(
      () => unpickle(new Uint8Array([0x80, 2, 0x29, 0x29, 0x81, 0x2e]), 'obj'),
      'UNSUPPORTED_FORMAT',
      /obj: pickle opcode 0x81 is outside the subset/,
    );
    await expectQStoreError(
      () =>
        pickledArrayTensor(
          { kind: 'ndarray', shape: [1], descr: '|O8', fortranOrder: false, data: [[1]] },
          'o',
        ),
      'UNSUPPORTED_FORMAT',
      /holds Python objects/,
    );
  });

  it('should only ever throw QStoreErrors on corrupt pickles (fast-check)', () =>
    fc.assert(
      fc.asyncProperty(corruptionOf(fixtureBytes('pickle', 'imdb_like.npy')), (b) =>
        parsesOrThrowsQStoreError(() => parseNpyObjects(b, 'p.npy')),
      ),
      { numRuns: 300, timeout: 5000 },
    ));

  it('should only ever throw QStoreErrors on corrupt numeric-array pickles (fast-check)', () =>
    fc.assert(
      fc.asyncProperty(corruptionOf(fixtureBytes('pickle', 'arrays_py3_p2.pkl')), (b) =>
        parsesOrThrowsQStoreError(() => {
          const dict = unpickle(b, 'p.pkl');
          if (dict instanceof Map)
            for (const value of dict.values())
              if (isPickledArray(value)) pickledArrayTensor(value, 'p.pkl');
        }),
      ),
      { numRuns: 300, timeout: 5000 },
    ));
});
