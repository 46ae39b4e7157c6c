/** Smallest buffer worth moving to another thread rather than copying. */
export const MOVE_BYTES = 32 * 1024;

/**
 * The buffers of `arrays` (each one's own, used by nothing else afterwards) to move with a
 * `postMessage` rather than copy: those of at least {@link MOVE_BYTES}. Moving a small buffer costs
 * more than copying it (measured with `bench/parallelCalls.ts`: the 4-qubit step was slower when
 * every buffer moved); a large one is copied at memory speed, moved at a fixed cost.
 */
export function movableBuffers(...arrays: (Float64Array | undefined)[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const a of arrays)
    if (a !== undefined && a.buffer.byteLength >= MOVE_BYTES) out.push(a.buffer as ArrayBuffer);
  return out;
}
