import { totalmem } from 'node:os';
import { ResourceError } from '@qstore/core';
import { SCOPE } from './scope.js';
import type { WasmStateMemory } from './wasmStateMemory.js';

/** The most qubits a state vector may have: V8 typed arrays stop at 2^32 elements. */
export const MAX_STATE_QUBITS = 30;

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/**
 * Checks that `count` complex float64 numbers (16 bytes each) fit in memory, for a state of
 * `numQubits` qubits (`what` names it); throws a `ResourceError` that says how much it would need.
 */
export function checkMemory(options: {
  numQubits: number;
  count: number;
  what: string;
  maxQubits: number;
}): void {
  const bytes = options.count * 16;
  const limit = Math.min(totalmem() / 2, 2 ** 32 * 8);
  if (options.numQubits > options.maxQubits || bytes > limit) {
    throw new ResourceError(
      'RESOURCE_LIMIT',
      `a ${options.what} of ${options.numQubits} qubits needs ${formatBytes(bytes)} (${bytes} bytes); ` +
        `the limit is ${options.maxQubits} qubits and ${formatBytes(limit)} (half the machine's memory)`,
      { scope: SCOPE, details: { numQubits: options.numQubits, bytes, limitBytes: limit } },
    );
  }
}

/**
 * A zeroed state vector of `numQubits` qubits (interleaved complex), after checking memory: a
 * view of `memory` when it has room (for its SIMD kernels), else an ordinary array.
 */
export function allocateState(numQubits: number, memory?: WasmStateMemory): Float64Array {
  checkMemory({
    numQubits,
    count: 2 ** numQubits,
    what: 'state vector',
    maxQubits: MAX_STATE_QUBITS,
  });
  const count = 2 ** (numQubits + 1);
  return memory?.allocate(count) ?? new Float64Array(count);
}
