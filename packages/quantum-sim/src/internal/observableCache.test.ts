import type { Observable } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { ObservableCache } from './observableCache.js';

const z = (...qubits: number[]): Observable => ({
  terms: [{ coefficient: 1, ops: qubits.map((qubit) => ({ pauli: 'Z' as const, qubit })) }],
});

describe('ObservableCache', () => {
  it('should give equal observables one id, whatever array holds them', () => {
    const cache = new ObservableCache({ capacity: 4, numQubits: 3 });
    const a = cache.lookup([z(0), z(1)]).entry;
    expect(cache.lookup([z(0), z(1)]).entry).toBe(a);
    // Z0·Z1 and Z1·Z0 compile to the same bit masks, hence the same read-out.
    expect(cache.lookup([z(0, 1)]).entry).toBe(cache.lookup([z(1, 0)]).entry);
    expect(cache.lookup([z(1), z(0)]).entry.id).not.toBe(a.id);
    expect(cache.lookup([z(0)]).entry.id).not.toBe(a.id);
    const plus = (coefficient: number): Observable => ({
      terms: [{ coefficient, ops: [{ pauli: 'X', qubit: 2 }] }],
    });
    expect(cache.lookup([plus(0)]).entry.id).not.toBe(cache.lookup([plus(-0)]).entry.id);
  });

  it('should key a mutated array by its new content and keep its own copy of the old one', () => {
    const cache = new ObservableCache({ capacity: 4, numQubits: 3 });
    const observables = [z(0)];
    const first = cache.lookup(observables).entry;
    (observables[0]!.terms[0]!.ops[0] as { qubit: number }).qubit = 2;
    const second = cache.lookup(observables).entry;
    expect(second.id).not.toBe(first.id);
    expect(first.observables).toEqual([z(0)]);
    expect(second.observables).toEqual([z(2)]);
    expect(second.observables).not.toBe(observables);
  });

  it('should keep at most `capacity` sets, dropping the least recently used', () => {
    const cache = new ObservableCache({ capacity: 2, numQubits: 3 });
    const a = cache.lookup([z(0)]).entry;
    const b = cache.lookup([z(1)]).entry;
    cache.lookup([z(0)]); // a is now the most recent: b goes first
    const c = cache.lookup([z(2)]);
    expect(c.evicted).toEqual([b]);
    expect(cache.size).toBe(2);
    expect(cache.lookup([z(0)]).entry).toBe(a);
    const again = cache.lookup([z(1)]);
    expect(again.entry.id).not.toBe(b.id);
    expect(again.evicted).toEqual([c.entry]);
  });

  it('should reject invalid observables as CompiledCircuit does, keeping nothing', async () => {
    const cache = new ObservableCache({ capacity: 2, numQubits: 3 });
    await expectQStoreError(() => cache.lookup([z(3)]), 'INVALID_QUBIT');
    await expectQStoreError(
      () => cache.lookup([{ terms: [{ coefficient: Number.NaN, ops: [] }] }]),
      'NON_FINITE',
    );
    expect(cache.size).toBe(0);
  });
});
