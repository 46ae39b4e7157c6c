import type { WasmStateMemory } from './wasmStateMemory.js';

/** Per unit, a view of `size` numbers of `arena` for every unit `keep` selects, in order. */
export function viewsOver<T>(
  units: readonly T[],
  keep: (unit: T) => boolean,
  size: number,
  arena: Float64Array,
): (Float64Array | undefined)[] {
  let offset = 0;
  return units.map((unit) => {
    if (!keep(unit)) return undefined;
    offset += size;
    return arena.subarray(offset - size, offset);
  });
}

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
  return viewsOver(units, keep, size, memory?.allocate(count) ?? new Float64Array(count));
}
