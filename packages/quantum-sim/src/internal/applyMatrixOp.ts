import { MatrixKind } from './complexMatrix.js';
import { applyK } from './multiQubitKernel.js';
import { apply1, applyAnti1, applyDiag1, applyReal1 } from './singleQubitKernels.js';
import { apply2, applyDiag2, applyReal2 } from './twoQubitKernels.js';
import { wasmMemoryOf } from './wasmStateMemory.js';

/** A bound gate ready for a kernel: a 2^k × 2^k matrix on `targets` with optional controls. */
export interface MatrixOp {
  readonly targets: readonly number[];
  readonly controlMask: number;
  /** 2^k. */
  readonly dim: number;
  /** A `MatrixKind`. */
  kind: number;
  readonly matrix: Float64Array;
}

/** Scratch space of the general k-qubit kernel. */
export interface KernelScratch {
  readonly values: Float64Array;
  readonly offsets: Int32Array;
}

/**
 * Applies `op` with `matrix` (defaults to `op.matrix`) to state `s` of `n` qubits, in place. A
 * general or anti-diagonal 2×2 on a view of a WebAssembly state memory runs on its SIMD kernels.
 */
export function applyMatrixOp(
  s: Float64Array,
  n: number,
  op: MatrixOp,
  scratch: KernelScratch,
  matrix: Float64Array = op.matrix,
): void {
  const t = op.targets;
  if (op.dim === 2) {
    if (op.kind === MatrixKind.diagonal) applyDiag1(s, n, t[0]!, op.controlMask, matrix);
    else if (op.kind === MatrixKind.real) applyReal1(s, n, t[0]!, op.controlMask, matrix);
    else {
      const wasm = wasmMemoryOf(s);
      if (op.kind === MatrixKind.antiDiagonal) {
        if (wasm === undefined) applyAnti1(s, n, t[0]!, op.controlMask, matrix);
        else wasm.anti1(s, n, t[0]!, op.controlMask, matrix);
      } else if (wasm === undefined) apply1(s, n, t[0]!, op.controlMask, matrix);
      else wasm.apply1(s, n, t[0]!, op.controlMask, matrix);
    }
  } else if (op.dim === 4) {
    if (op.kind === MatrixKind.diagonal) applyDiag2(s, n, t[0]!, t[1]!, op.controlMask, matrix);
    else if (op.kind === MatrixKind.real) applyReal2(s, n, t[0]!, t[1]!, op.controlMask, matrix);
    else apply2(s, n, t[0]!, t[1]!, op.controlMask, matrix);
  } else {
    applyK(s, n, t, op.controlMask, matrix, scratch.values, scratch.offsets);
  }
}
