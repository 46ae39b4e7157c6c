import { expectQStoreError } from '@qstore/test-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { corruptionOf, parsesOrThrowsQStoreError } from '../../test/helpers/corrupt.js';
import { fixtureBytes } from '../../test/helpers/fixtures.js';
import { readCifarPickleBatch, readCifarPickleNames } from './cifarPickle.js';
import { gunzipBytes } from './gzip.js';
import { readTar } from './tar.js';

const members = readTar(
  gunzipBytes(fixtureBytes('keras', 'kriz', 'cifar-10-python.tar.gz'), {
    file: 'c10',
    scope: 'test',
  }),
  'c10',
);
const member = (name: string) =>
  members.find((m) => m.name === `cifar-10-batches-py/${name}`)!.data;

describe('readCifarPickleBatch', () => {
  it('should read a Python 2 pickled batch channels-last with its labels', () => {
    const batch = readCifarPickleBatch(member('data_batch_2'), 'data_batch_2', 'labels');
    expect(batch.x.length).toBe(3 * 3072);
    expect(batch.labels).toEqual([3, 4, 5]);
    expect(readCifarPickleNames(member('batches.meta'), 'meta', 'label_names')[0]).toBe('airplane');
  });

  it('should name a missing label key and refuse a dict that is not a batch', async () => {
    await expectQStoreError(
      () => readCifarPickleBatch(member('test_batch'), 'test_batch', 'fine_labels'),
      'CORRUPT_DATA',
      /test_batch: the batch has no key 'fine_labels' \(it has batch_label, labels, data, filenames\)/,
    );
    await expectQStoreError(
      () => readCifarPickleBatch(member('batches.meta'), 'batches.meta', 'labels'),
      'CORRUPT_DATA',
      /batches\.meta: the batch has no key 'data'/,
    );
  });

  it('should only ever throw QStoreErrors on corrupt batches (fast-check)', () =>
    fc.assert(
      fc.asyncProperty(corruptionOf(member('data_batch_1')), (b) =>
        parsesOrThrowsQStoreError(() => readCifarPickleBatch(b, 'b', 'labels')),
      ),
      { numRuns: 300, timeout: 5000 },
    ));
});
