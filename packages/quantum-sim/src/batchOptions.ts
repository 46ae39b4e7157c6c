import type { Observable } from '@qstore/core';

/** Options of a `CompiledCircuit`: tuning knobs only, results do not depend on them. */
export interface CompiledCircuitOptions {
  /**
   * Fold runs of real single-qubit gates into the CNOT that follows them (fewer sweeps over the
   * state, same arithmetic). @default true
   */
  readonly pairFusion?: boolean;
  /**
   * Bytes the forward pass of a gradient (`vjp`) may use to keep the states between steps with
   * parameters (2^n · 8 bytes each on the real-state path, 2^n · 16 on the complex one), so
   * that the backward sweep only
   * propagates λ instead of also undoing every step on ψ. Above it, ψ is undone step by step
   * (no extra memory, about one more forward pass of work). `0` always undoes. The rows that
   * `expectations({ keepForVjp: true })` keeps take up to as many bytes again (those of both
   * paths together). @default 64 MiB
   */
  readonly adjointMemory?: number;
}

/** A batch: `batchSize` input rows sharing one weight vector, and the observables to measure. */
export interface BatchOptions {
  /** `batchSize × inputNames.length`, row-major. Required when the circuit has inputs. */
  readonly inputs?: Float64Array;
  /** `weightNames.length` values. Required when the circuit has weights. */
  readonly weights?: Float64Array;
  /** @default 1 */
  readonly batchSize?: number;
  readonly observables: readonly Observable[];
  /** Checked between rows; an aborted signal throws a `StateError` `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Read by `expectations` only: a `vjp`/`vjpRows` of the same rows and weights follows (a
   * training step's forward pass, then its backward pass), so keep each row's states for it: it
   * then skips its forward pass. Each row is kept for the adjoint path its `vjp` takes
   * (real-state or complex, decided per row); a `vjp` taking the other path recomputes it. The
   * rows take up to `adjointMemory` bytes (those beyond it are recomputed by the `vjp`), kept
   * until the next call with this option. The gradients are the same bits either way; the
   * expectations are those of `vjp`'s forward pass, which may differ from a call without this
   * option in the last bits. @default false
   */
  readonly keepForVjp?: boolean;
}

/** Options of `CompiledCircuit.vjp`. */
export interface VjpOptions extends BatchOptions {
  /** `batchSize × observables.length`: ∂loss/∂expectation. */
  readonly upstream: Float64Array;
}

/** Expectations and the vector–Jacobian product of a batch. */
export interface BatchGradient {
  /** `batchSize × observables.length`. */
  readonly expectations: Float64Array;
  /** ∂loss/∂weights, summed over the batch. */
  readonly weightGradient: Float64Array;
  /** ∂loss/∂inputs, `batchSize × inputNames.length`. */
  readonly inputGradient: Float64Array;
}
