import { fromNested, tensor } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { describe, expect, it } from 'vitest';
import { checkQuantumCompatibility, validateForQuantum } from './quantumCompatibility.js';

describe('checkQuantumCompatibility', () => {
  it('should accept data that fits', () => {
    const x = fromNested([[1, 2, 3, 4]]);
    expect(checkQuantumCompatibility(x, { nQubits: 2, encoding: 'amplitude' })).toEqual({
      ok: true,
    });
    expect(checkQuantumCompatibility(x, { nQubits: 4, encoding: 'angle' })).toEqual({ ok: true });
  });

  it('should say why data does not fit', () => {
    const x = fromNested([[1, 2, 3, 4, 5]]);
    const tooWide = checkQuantumCompatibility(x, { nQubits: 2, encoding: 'amplitude' });
    expect(tooWide).toMatchObject({ ok: false, code: 'SHAPE_MISMATCH' });
    expect(tooWide.ok ? '' : tooWide.reason).toMatch(/5 features do not fit 2 qubits/);
    expect(checkQuantumCompatibility(x, { nQubits: 4, encoding: 'basis' })).toMatchObject({
      ok: false,
    });
    expect(
      checkQuantumCompatibility(fromNested([[0, 0]]), { nQubits: 1, encoding: 'amplitude' }),
    ).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(
      checkQuantumCompatibility(fromNested([[Number.NaN]]), { nQubits: 1, encoding: 'angle' }),
    ).toMatchObject({ ok: false, code: 'NON_FINITE' });
    expect(
      checkQuantumCompatibility(tensor(new Float64Array(8), [2, 2, 2]), {
        nQubits: 3,
        encoding: 'angle',
      }),
    ).toMatchObject({ ok: false, code: 'SHAPE_MISMATCH' });
  });

  it('should throw the same problems from validateForQuantum', async () => {
    await expectQStoreError(
      () => validateForQuantum(fromNested([[1, 2, 3]]), { nQubits: 1, encoding: 'amplitude' }),
      'SHAPE_MISMATCH',
    );
    await expectQStoreError(
      () => validateForQuantum(fromNested([[1]]), { nQubits: 1, encoding: 'qudit' as 'angle' }),
      'INVALID_ARGUMENT',
      /encoding/,
    );
    expect(() =>
      validateForQuantum(fromNested([[1]]), { nQubits: 1, encoding: 'basis' }),
    ).not.toThrow();
  });
});
