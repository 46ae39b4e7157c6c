import { allocate, type DataSplit, type Tensor, ValidationError } from '@qstore/core';

function concatRows(parts: readonly Tensor[], what: string): Tensor {
  const first = parts[0]!;
  if (parts.length === 1) return first;
  const rowShape = first.shape.slice(1);
  for (const part of parts) {
    if (part.dtype !== first.dtype || part.shape.slice(1).join() !== rowShape.join()) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `cannot pool the splits' ${what}: expected ${first.dtype}[n, ${rowShape.join(', ')}] in every split, got ${part.dtype}[${part.shape.join(', ')}]`,
        { scope: 'data' },
      );
    }
  }
  const data = allocate(
    first.dtype,
    parts.reduce((sum, part) => sum + part.data.length, 0),
  );
  let offset = 0;
  for (const part of parts) {
    (data as Float64Array).set(part.data as Float64Array, offset);
    offset += part.data.length;
  }
  const rows = parts.reduce((sum, part) => sum + (part.shape[0] ?? 0), 0);
  return { dtype: first.dtype, shape: [rows, ...rowShape], data };
}

/**
 * The rows of several splits one after another, as one split (x, and y when every part has it).
 * Throws `SHAPE_MISMATCH` when the parts' rows differ in shape or dtype.
 */
export function concatSplits(parts: readonly DataSplit[]): DataSplit {
  const x = concatRows(
    parts.map((part) => part.x),
    'inputs',
  );
  if (!parts.every((part) => part.y !== undefined)) return { x };
  return {
    x,
    y: concatRows(
      parts.map((part) => part.y!),
      'labels',
    ),
  };
}
