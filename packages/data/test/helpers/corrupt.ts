import { isQStoreError } from '@qstore/core';
import fc from 'fast-check';

/** Random corruptions of valid bytes: truncation, byte flips, inserted junk, or pure noise. */
export function corruptionOf(valid: Uint8Array): fc.Arbitrary<Uint8Array> {
  const truncate = fc.nat({ max: Math.max(0, valid.length - 1) }).map((n) => valid.slice(0, n));
  const flips = fc
    .array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
      minLength: 1,
      maxLength: 8,
    })
    .map((edits) => {
      const out = valid.slice();
      for (const [at, value] of edits) out[at] = value;
      return out;
    });
  const header = fc
    .array(
      fc.tuple(fc.nat({ max: Math.min(63, valid.length - 1) }), fc.integer({ min: 0, max: 255 })),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      const out = valid.slice();
      for (const [at, value] of edits) out[at] = value;
      return out;
    });
  const insert = fc
    .tuple(fc.nat({ max: valid.length }), fc.uint8Array({ minLength: 1, maxLength: 32 }))
    .map(([at, junk]) => {
      const out = new Uint8Array(valid.length + junk.length);
      out.set(valid.subarray(0, at));
      out.set(junk, at);
      out.set(valid.subarray(at), at + junk.length);
      return out;
    });
  return fc.oneof(truncate, flips, header, insert, fc.uint8Array({ maxLength: 256 }));
}

/** Runs `parse`; passes when it returns or throws a `QStoreError`, fails on any other error. */
export async function parsesOrThrowsQStoreError(parse: () => unknown): Promise<boolean> {
  try {
    await parse();
    return true;
  } catch (error) {
    if (isQStoreError(error)) return true;
    throw new Error(`expected a QStoreError, got ${String(error)}`, { cause: error });
  }
}
