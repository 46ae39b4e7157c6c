import {
  createDataset,
  type Dataset,
  isQStoreError,
  numRows,
  type SampleBatch,
  type SourceAdapter,
  type SourceLoadContext,
  SPLIT_NAMES,
} from '@qstore/core';
import { describe, expect, it } from 'vitest';

/** What {@link testSourceAdapter} needs to exercise an adapter. */
export interface SourceAdapterSuiteOptions<O> {
  /** Makes a fresh adapter (called once per test). */
  make: () => SourceAdapter<O> | Promise<SourceAdapter<O>>;
  /** Raw options (as `{ name, ...sourceParams }` would be) of a small dataset the adapter can load, or a function giving them when a test server's address is known. */
  options: unknown;
  /** The load context per call (e.g. a temporary cache folder). */
  context?: () => SourceLoadContext | Promise<SourceLoadContext>;
  /** A batch size for the streaming checks. @default 7 */
  batchSize?: number;
}

function concatRows(batches: readonly SampleBatch[], key: 'x' | 'y'): number[] {
  return batches.flatMap((batch) =>
    Array.from((batch[key]?.data ?? []) as ArrayLike<number>, Number),
  );
}

/**
 * The conformance suite every source adapter passes (built-ins and third-party alike): a name, a
 * schema that rejects garbage, a valid deterministic dataset, `ABORTED` on an aborted signal, and —
 * when offered — a list of datasets and a stream whose bounded batches equal the loaded split.
 */
export function testSourceAdapter<O>(label: string, suite: SourceAdapterSuiteOptions<O>): void {
  const context = async (): Promise<SourceLoadContext> => (suite.context ? suite.context() : {});
  const raw = (): unknown =>
    typeof suite.options === 'function' ? (suite.options as () => unknown)() : suite.options;
  const parse = (adapter: SourceAdapter<O>): O => adapter.optionsSchema.parse(raw());

  describe(`source adapter conformance: ${label}`, () => {
    it('should have a non-empty name and a schema that rejects non-objects', async () => {
      const adapter = await suite.make();
      expect(adapter.name).toMatch(/^\S+$/);
      expect(adapter.optionsSchema.safeParse(42).success).toBe(false);
      expect(adapter.optionsSchema.safeParse(raw()).success).toBe(true);
    });

    it('should load a valid dataset whose metadata names the source', async () => {
      const adapter = await suite.make();
      const dataset = await adapter.load(parse(adapter), await context());
      expect(() => createDataset(dataset)).not.toThrow();
      expect(dataset.metadata.source).toBe(adapter.name);
      expect(numRows(dataset.train.x)).toBeGreaterThan(0);
      await adapter.dispose?.();
    });

    it('should load the same data twice', async () => {
      const adapter = await suite.make();
      const first: Dataset = await adapter.load(parse(adapter), await context());
      const second: Dataset = await adapter.load(parse(adapter), await context());
      for (const name of SPLIT_NAMES) {
        expect(second[name]?.x.shape).toEqual(first[name]?.x.shape);
        expect(second[name]?.x.data).toEqual(first[name]?.x.data);
        expect(second[name]?.y?.data).toEqual(first[name]?.y?.data);
      }
    });

    it('should reject with ABORTED when the signal has fired', async () => {
      const adapter = await suite.make();
      const controller = new AbortController();
      controller.abort();
      const error = await adapter
        .load(parse(adapter), { ...(await context()), signal: controller.signal })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(isQStoreError(error, 'ABORTED'), String(error)).toBe(true);
    });

    it('should list datasets with names when it can list', async () => {
      const adapter = await suite.make();
      if (adapter.list === undefined) return;
      const infos = await adapter.list(await context());
      for (const info of infos) expect(typeof info.name).toBe('string');
    });

    it('should stream the train split in bounded batches equal to the loaded data', async () => {
      const adapter = await suite.make();
      if (adapter.stream === undefined) return;
      const batchSize = suite.batchSize ?? 7;
      const options = parse(adapter);
      const dataset = await adapter.load(options, await context());
      const batches: SampleBatch[] = [];
      let offset = 0;
      for await (const batch of adapter.stream(options, 'train', batchSize, await context())) {
        expect(batch.offset).toBe(offset);
        expect(numRows(batch.x)).toBeGreaterThan(0);
        expect(numRows(batch.x)).toBeLessThanOrEqual(batchSize);
        expect(batch.x.shape.slice(1)).toEqual(dataset.train.x.shape.slice(1));
        offset += numRows(batch.x);
        batches.push(batch);
      }
      expect(offset).toBe(numRows(dataset.train.x));
      expect(concatRows(batches, 'x')).toEqual(
        Array.from(dataset.train.x.data as ArrayLike<number>, Number),
      );
      if (dataset.train.y !== undefined) {
        expect(concatRows(batches, 'y')).toEqual(
          Array.from(dataset.train.y.data as ArrayLike<number>, Number),
        );
      }
    });
  });
}
