import { type Tensor, ValidationError } from '@qstore/core';

/** Labels or group ids: a tensor `[n]` / `[n, 1]`, or a plain array. */
export type LabelsInput = Tensor | ArrayLike<number | string>;

/** Labels as a plain array of numbers or strings (int64 converted to numbers). */
export function labelList(
  labels: LabelsInput,
  scope: string,
  what = 'labels',
): Array<number | string> {
  if ('dtype' in labels && 'shape' in labels) {
    const t = labels as Tensor;
    if (t.shape.length !== 1 && !(t.shape.length === 2 && t.shape[1] === 1)) {
      throw new ValidationError(
        'SHAPE_MISMATCH',
        `${what}: expected shape [n] or [n, 1] (class indices, not one-hot), got [${t.shape.join(', ')}]`,
        { scope },
      );
    }
    return Array.from(t.data as ArrayLike<number | bigint>, (v) => Number(v));
  }
  const list = Array.from(labels as ArrayLike<number | string>);
  for (const [i, v] of list.entries()) {
    if (typeof v === 'number' ? Number.isNaN(v) : typeof v !== 'string') {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `${what}: entry ${i} is not a number or string`,
        {
          scope,
        },
      );
    }
  }
  return list;
}

/** The sample indices of each distinct value, in order of first appearance. */
export function indicesByValue(
  values: ReadonlyArray<number | string>,
): Map<number | string, number[]> {
  const groups = new Map<number | string, number[]>();
  for (const [i, v] of values.entries()) {
    const members = groups.get(v);
    if (members === undefined) groups.set(v, [i]);
    else members.push(i);
  }
  return groups;
}
