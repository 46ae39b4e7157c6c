import { NotFoundError, type Tensor } from '@qstore/core';
import { parseNpy } from './npy.js';
import { readZip, type ZipLimits } from './zip.js';

/**
 * Parses an `.npz` archive (stored or deflated members, zip64) into its arrays by key (the member
 * name without `.npy`). Only the members named in `keys` are decoded when given.
 */
export function parseNpz(
  bytes: Uint8Array,
  file: string,
  options: ZipLimits & { keys?: readonly string[] } = {},
): Record<string, Tensor> {
  const arrays: Record<string, Tensor> = {};
  const wanted = options.keys === undefined ? undefined : new Set(options.keys);
  const present: string[] = [];
  for (const entry of readZip(bytes, file, options)) {
    if (!entry.name.endsWith('.npy')) continue;
    const key = entry.name.slice(0, -4);
    present.push(key);
    if (wanted !== undefined && !wanted.has(key)) continue;
    arrays[key] = parseNpy(entry.read(), `${file}:${entry.name}`);
  }
  for (const key of wanted ?? []) {
    if (arrays[key] === undefined) {
      throw new NotFoundError(
        'NOT_FOUND',
        `${file}: has no array "${key}"; it holds ${present.join(', ') || 'no arrays'}`,
        { scope: 'data/npz', details: { file } },
      );
    }
  }
  return arrays;
}
