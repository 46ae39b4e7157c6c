import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The absolute path of a committed fixture. */
export function fixturePath(...parts: string[]): string {
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', ...parts);
}

/** The bytes of a committed fixture. */
export function fixtureBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(...parts)));
}

/** A tensor's values as plain numbers (bigints converted), for comparisons. */
export function numbers(data: ArrayLike<number | bigint> | Iterable<number | bigint>): number[] {
  return Array.from(data as Iterable<number | bigint>, Number);
}
