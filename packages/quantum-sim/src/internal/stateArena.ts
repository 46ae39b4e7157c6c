import type { WasmStateMemory } from './wasmStateMemory.js';

/**
 * The states a gradient's forward pass keeps, in one allocation (in `memory` when it has room):
 * a view of `size` numbers for every unit `keep` selects, undefined for the others.
 */
export function stateArena<T>(
  units: readonly T[],
  keep: (unit: T) => boolean,
  size: number,
  memory?: WasmStateMemory,
): (Float64Array | undefined)[] {
  const count = units.filter(keep).length * size;
  const arena = memory?.allocate(count) ?? new Float64Array(count);
  let offset = 0;
  return units.map((unit) => {
    if (!keep(unit)) return undefined;
    offset += size;
    return arena.subarray(offset - size, offset);
  });
}
