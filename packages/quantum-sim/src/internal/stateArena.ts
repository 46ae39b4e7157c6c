/**
 * The states a gradient's forward pass keeps, in one allocation: a view of `size` numbers for
 * every unit `keep` selects, undefined for the others.
 */
export function stateArena<T>(
  units: readonly T[],
  keep: (unit: T) => boolean,
  size: number,
): (Float64Array | undefined)[] {
  const arena = new Float64Array(units.filter(keep).length * size);
  let offset = 0;
  return units.map((unit) => {
    if (!keep(unit)) return undefined;
    offset += size;
    return arena.subarray(offset - size, offset);
  });
}
