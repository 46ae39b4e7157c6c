import { wasmMemoryOf } from './wasmStateMemory.js';

/**
 * A permutation of basis states that is linear over GF(2) (a product of CNOTs), as two lookup
 * tables: M(j) = lo[j & (2^loBits − 1)] ^ hi[j >> loBits].
 */
export interface LinearPermutation {
  readonly lo: Int32Array;
  readonly hi: Int32Array;
  readonly loBits: number;
}

/** The tables of the GF(2)-linear map `map` on `numQubits` bits. */
export function linearPermutation(
  numQubits: number,
  map: (index: number) => number,
): LinearPermutation {
  const loBits = Math.ceil(numQubits / 2);
  const lo = Int32Array.from({ length: 1 << loBits }, (_, l) => map(l));
  const hi = Int32Array.from({ length: 1 << (numQubits - loBits) }, (_, h) => map(h << loBits));
  return { lo, hi, loBits };
}

/**
 * In place, s[j] ← s[M(j)] for every amplitude j of the interleaved complex state `s` of
 * `numQubits` qubits: one gather into `scratch` (at least as long as the state), then a copy
 * back. It replaces one swap pass per CNOT by one pass for a whole block of them. On a view of a
 * WebAssembly state memory the memory's own kernel, tables and scratch do it (`scratch` unused).
 */
export function gatherPermutation(
  s: Float64Array,
  numQubits: number,
  permutation: LinearPermutation,
  scratch: Float64Array,
): void {
  if (wasmMemoryOf(s)?.gather(s, numQubits, permutation)) return;
  const { lo, hi, loBits } = permutation;
  const loSize = 1 << loBits;
  const hiSize = 1 << (numQubits - loBits);
  for (let h = 0; h < hiSize; h++) {
    const high = hi[h]!;
    const base = h << loBits;
    for (let l = 0; l < loSize; l++) {
      const from = (high ^ lo[l]!) << 1;
      const to = (base | l) << 1;
      scratch[to] = s[from]!;
      scratch[to + 1] = s[from + 1]!;
    }
  }
  s.set(scratch.subarray(0, 2 << numQubits));
}
