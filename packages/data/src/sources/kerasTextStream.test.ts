import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { sliceRows } from '@qstore/core';
import { useTempDirs } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { collectBatches, fixturePath, numbers } from '../../test/helpers/fixtures.js';
import { kerasSource } from './keras.js';

describe('kerasSource: streaming imdb and reuters', () => {
  const tempDir = useTempDirs('qstore-keras-text-');
  const adapter = kerasSource();

  it('should stream batches padded to the split width that equal the loaded split, for every Keras setting', async () => {
    const dir = await tempDir();
    for (const name of ['imdb', 'reuters'])
      copyFileSync(
        fixturePath('keras', 'tf-keras-datasets', `${name}.npz`),
        join(dir, `${name}.npz`),
      );
    const settings: Record<string, unknown>[] = [
      {},
      { numWords: 30, skipTop: 2, maxlen: 10 },
      { oovChar: null, indexFrom: 0, startChar: null, seed: 7 },
    ];
    for (const name of ['imdb', 'reuters'])
      for (const extra of settings) {
        const options = adapter.optionsSchema.parse({
          name,
          offline: true,
          verifyHash: false,
          ...extra,
        });
        const whole = await adapter.load(options, { cacheDir: dir });
        for (const split of ['train', 'test'] as const)
          for (const batchSize of [1, 3, 1000]) {
            const batches = await collectBatches(
              adapter.stream!(options, split, batchSize, { cacheDir: dir }),
            );
            const want = whole[split]!;
            let at = 0;
            for (const b of batches) {
              const n = b.x.shape[0]!;
              expect(b.offset).toBe(at);
              expect(n).toBeLessThanOrEqual(batchSize);
              expect(b.x.dtype).toBe('int32');
              expect(b.x.shape).toEqual([n, want.x.shape[1]]);
              expect(numbers(b.x.data)).toEqual(numbers(sliceRows(want.x, at, at + n).data));
              expect(b.y!.dtype).toBe('int64');
              expect(numbers(b.y!.data)).toEqual(numbers(sliceRows(want.y!, at, at + n).data));
              at += n;
            }
            expect(at, `${name} ${JSON.stringify(extra)} ${split}`).toBe(want.x.shape[0]);
          }
      }
  });
});
