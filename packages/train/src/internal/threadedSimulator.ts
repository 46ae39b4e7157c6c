import type { CircuitIR, ExecuteRequest, QuantumBackend, VjpResult } from '@qstore/core';
import { StateError } from '@qstore/core';
import {
  batchOf,
  CompiledCircuit,
  LOCAL_SIMULATOR_CAPABILITIES,
  type ParallelCircuit,
  parallelCircuit,
  type RowGradients,
  vjpRows,
} from '@qstore/quantum-sim';
import { checkNumber, invalidArgument, SCOPE } from './errors.js';

/** A backend whose work can move to worker threads and back. */
export interface ThreadedBackend extends QuantumBackend {
  /** Worker threads in use; 1 means the calling thread. */
  readonly workers: number;
  /** Runs batches over `count` worker threads from now on (1: on the calling thread, threads stopped). */
  useWorkers(count: number): Promise<void>;
  /** Stops the worker threads, if any; the backend keeps working on the calling thread. */
  dispose(): Promise<void>;
}

/** Most worker threads a layer may ask for. */
export const MAX_WORKERS = 256;

/** Row r's weight gradients added up in row order: the same bits however rows were computed. */
function sumRows(rows: RowGradients, numWeights: number): Float64Array {
  const sum = new Float64Array(numWeights);
  const all = rows.weightGradients;
  for (let offset = 0; offset < all.length; offset += numWeights)
    for (let j = 0; j < numWeights; j++) sum[j] = sum[j]! + all[offset + j]!;
  return sum;
}

/**
 * The state-vector simulator of `@qstore/quantum-sim` for ONE circuit, compiled once: on the
 * calling thread, or (after `useWorkers(n)`) with the rows of every batch split between `n`
 * worker threads. `vjp` is adjoint differentiation, row by row, and the batch's weight gradient
 * is the rows' gradients added in row order, so results are bit-identical for any worker count.
 */
export function threadedSimulator(circuit: CircuitIR): ThreadedBackend {
  const compiled = new CompiledCircuit(circuit);
  const numWeights = compiled.weightNames.length;
  let pool: ParallelCircuit | undefined;
  let workers = 1;
  const batchOfOwn = (request: ExecuteRequest) => {
    if (request.circuit !== circuit)
      throw invalidArgument('a quantum layer backend runs only its own circuit');
    return batchOf(request);
  };
  /** The pool for a batch of `rows`, after the abort check the calling thread would make. */
  const poolFor = (rows: number, signal: AbortSignal | undefined) => {
    if (pool === undefined || rows < 2) return undefined;
    if (signal?.aborted)
      throw new StateError('ABORTED', 'the quantum layer was aborted', {
        scope: SCOPE,
        cause: signal.reason,
      });
    return pool;
  };
  const stop = async () => {
    const closing = pool;
    pool = undefined;
    workers = 1;
    await closing?.close();
  };
  return {
    name: 'local-simulator',
    capabilities: LOCAL_SIMULATOR_CAPABILITIES,
    get workers() {
      return workers;
    },
    async execute(request) {
      const batch = batchOfOwn(request);
      const parallel = poolFor(batch.batchSize ?? 1, batch.signal);
      return {
        expectations: parallel ? await parallel.expectations(batch) : compiled.expectations(batch),
      };
    },
    async vjp(request, upstream): Promise<VjpResult> {
      const batch = { ...batchOfOwn(request), upstream };
      const parallel = poolFor(batch.batchSize ?? 1, batch.signal);
      const rows = parallel ? await parallel.vjpRows(batch) : vjpRows(compiled, batch);
      return {
        expectations: rows.expectations,
        weightGradient: sumRows(rows, numWeights),
        inputGradient: rows.inputGradient,
      };
    },
    async useWorkers(count) {
      checkNumber('workers', count, { min: 1, max: MAX_WORKERS, integer: true });
      if (count === workers) return;
      await stop();
      if (count > 1) {
        pool = await parallelCircuit(circuit, { workers: count });
        workers = count;
      }
    },
    dispose: stop,
  };
}
