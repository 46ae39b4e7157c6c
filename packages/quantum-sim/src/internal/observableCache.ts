import type { Observable } from '@qstore/core';
import { type CompiledTerm, compileObservable } from './pauliTerms.js';
import { copyObservables } from './sameObservables.js';

/** One set of observables as the workers of a pool know it. */
export interface CachedObservables {
  /** The id the workers file it under. */
  readonly id: number;
  /** A private copy of the caller's observables (what a worker is sent the first time). */
  readonly observables: readonly Observable[];
  /** Indices of the workers that were sent it (and still keep it). */
  readonly sentTo: Set<number>;
}

/** What {@link ObservableCache.lookup} returns. */
export interface ObservableLookup {
  readonly entry: CachedObservables;
  /** Entries dropped to make room: their ids are to be forgotten by the workers in `sentTo`. */
  readonly evicted: readonly CachedObservables[];
}

/** A number as text that tells −0 from 0 (`String` round-trips every other finite double). */
const exact = (x: number): string => (Object.is(x, -0) ? '-0' : String(x));

/** The compiled form of a set of observables as a string: equal keys, identical read-outs. */
function keyOf(compiled: readonly (readonly CompiledTerm[])[]): string {
  return compiled
    .map((terms) =>
      terms.map((t) => `${t.xMask} ${t.zMask} ${exact(t.re)} ${exact(t.im)}`).join(','),
    )
    .join('|');
}

/**
 * The observables a worker pool has sent to its workers, keyed by their compiled bit-mask form
 * (so a call with an equal set, the same array or a new one, is sent as an id only; a mutated
 * array gets a new key, never a stale entry), least recently used first, at most `capacity`.
 * Every lookup compiles the observables, which also validates them (and throws as
 * `CompiledCircuit` would): a few microseconds, against the structured clone and compilation of
 * every worker it saves.
 */
export class ObservableCache {
  readonly #entries = new Map<string, CachedObservables>();
  readonly #capacity: number;
  readonly #numQubits: number;
  #nextId = 0;

  constructor(options: { readonly capacity: number; readonly numQubits: number }) {
    this.#capacity = options.capacity;
    this.#numQubits = options.numQubits;
  }

  /** Number of sets kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry of `observables` (a new one if unknown), now the most recently used. */
  lookup(observables: readonly Observable[]): ObservableLookup {
    const key = keyOf(observables.map((o) => compileObservable(o, this.#numQubits)));
    const found = this.#entries.get(key);
    if (found !== undefined) {
      // Re-inserted: a Map iterates in insertion order, so the first key is the least recent.
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return { entry: found, evicted: [] };
    }
    const evicted: CachedObservables[] = [];
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size < this.#capacity) break;
      this.#entries.delete(oldest);
      evicted.push(entry);
    }
    // Only the fields that are compiled: a small message, and no later change of the caller's
    // objects can reach a worker that is sent this set afterwards.
    const entry = {
      id: this.#nextId++,
      observables: copyObservables(observables),
      sentTo: new Set<number>(),
    };
    this.#entries.set(key, entry);
    return { entry, evicted };
  }
}
