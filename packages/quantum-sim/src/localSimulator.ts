import type {
  BackendCapabilities,
  CircuitIR,
  ExecuteRequest,
  ExecuteResult,
  Observable,
  QuantumBackend,
  VjpResult,
} from '@qstore/core';
import { createRng, ValidationError } from '@qstore/core';
import type { BatchOptions } from './batchOptions.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { MAX_STATE_QUBITS } from './internal/allocateState.js';
import { SCOPE } from './internal/scope.js';
import { type ParallelCircuit, parallelCircuit } from './parallelCircuit.js';

/** What the local simulator offers. */
export const LOCAL_SIMULATOR_CAPABILITIES: BackendCapabilities = {
  maxQubits: MAX_STATE_QUBITS,
  exactExpectations: true,
  gradientMethods: ['adjoint', 'parameter-shift', 'finite-difference', 'spsa'],
  noise: false,
};

/**
 * Replaces exact expectations by shot estimates: each Pauli product is measured `shots` times
 * (its ±1 outcome is +1 with probability (1 + ⟨P⟩)/2), under `seed`.
 */
function estimateWithShots(
  compiled: CompiledCircuit,
  request: ExecuteRequest,
  shots: number,
): Float64Array {
  if (!Number.isInteger(shots) || shots < 1) {
    throw new ValidationError(
      'INVALID_ARGUMENT',
      `shots must be a positive integer, got ${shots}`,
      { scope: SCOPE },
    );
  }
  const single: Observable[] = request.observables.flatMap((o) =>
    o.terms.map((t) => ({ terms: [{ coefficient: 1, ops: t.ops }] })),
  );
  const exact = compiled.expectations({ ...batchOf(request), observables: single });
  const rng = createRng(request.seed ?? 0);
  const batchSize = request.batchSize ?? 1;
  const out = new Float64Array(batchSize * request.observables.length);
  for (let row = 0; row < batchSize; row++) {
    let column = 0;
    request.observables.forEach((observable, k) => {
      let value = 0;
      for (const term of observable.terms) {
        const p = (1 + exact[row * single.length + column++]!) / 2;
        let plus = 0;
        for (let shot = 0; shot < shots; shot++) if (rng.next() < p) plus++;
        value += term.coefficient * (term.ops.length === 0 ? 1 : (2 * plus) / shots - 1);
      }
      out[row * request.observables.length + k] = value;
    });
  }
  return out;
}

/** The `CompiledCircuit` batch of a core `ExecuteRequest` (its inputs, weights, rows, observables, signal, `keepForVjp`). */
export function batchOf(request: ExecuteRequest): BatchOptions {
  return {
    inputs: request.inputs,
    weights: request.weights,
    batchSize: request.batchSize ?? 1,
    observables: request.observables,
    signal: request.signal,
    keepForVjp: request.keepForVjp,
  };
}

/** Options of {@link localSimulator}. */
export interface LocalSimulatorOptions {
  /**
   * Worker threads for batches of at least `minParallelBatch` rows (exact executions and
   * vjp); 1 runs everything on the calling thread. @default 1
   */
  readonly workers?: number;
  /** @default 16 */
  readonly minParallelBatch?: number;
  /** Passed to {@link parallelCircuit} (tests use a compiled worker script). */
  readonly workerScript?: URL;
}

/**
 * The in-process state-vector simulator as a `QuantumBackend`. Compiled circuits (and worker
 * pools) are cached per `CircuitIR` object, so a training loop that passes the same circuit
 * object pays compilation once; `vjp` uses adjoint differentiation. `dispose()` stops workers.
 */
export function localSimulator(options: LocalSimulatorOptions = {}): QuantumBackend {
  const workers = options.workers ?? 1;
  const minParallel = options.minParallelBatch ?? 16;
  const cache = new WeakMap<CircuitIR, CompiledCircuit>();
  const pools = new WeakMap<CircuitIR, Promise<ParallelCircuit>>();
  const opened: Promise<ParallelCircuit>[] = [];
  const compile = (ir: CircuitIR): CompiledCircuit => {
    let compiled = cache.get(ir);
    if (compiled === undefined) {
      compiled = new CompiledCircuit(ir);
      cache.set(ir, compiled);
    }
    return compiled;
  };
  const pool = (request: ExecuteRequest): Promise<ParallelCircuit> | undefined => {
    if (workers < 2 || (request.batchSize ?? 1) < minParallel) return undefined;
    let made = pools.get(request.circuit);
    if (made === undefined) {
      made = parallelCircuit(request.circuit, { workers, workerScript: options.workerScript });
      pools.set(request.circuit, made);
      opened.push(made);
    }
    return made;
  };
  return {
    name: 'local-simulator',
    capabilities: LOCAL_SIMULATOR_CAPABILITIES,
    async execute(request: ExecuteRequest): Promise<ExecuteResult> {
      const compiled = compile(request.circuit);
      if (request.shots !== undefined)
        return { expectations: estimateWithShots(compiled, request, request.shots) };
      const parallel = pool(request);
      if (parallel !== undefined) {
        compiled.validateBatch(batchOf(request));
        return { expectations: await (await parallel).expectations(batchOf(request)) };
      }
      return { expectations: compiled.expectations(batchOf(request)) };
    },
    async vjp(request: ExecuteRequest, upstream: Float64Array): Promise<VjpResult> {
      const compiled = compile(request.circuit);
      const parallel = pool(request);
      if (parallel !== undefined) {
        compiled.validateBatch(batchOf(request));
        return (await parallel).vjp({ ...batchOf(request), upstream });
      }
      return compiled.vjp({ ...batchOf(request), upstream });
    },
    async dispose(): Promise<void> {
      const all = await Promise.all(opened.splice(0));
      await Promise.all(all.map((p) => p.close()));
    },
  };
}
