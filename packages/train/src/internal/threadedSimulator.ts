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

/** How {@link ThreadedBackend.useWorkers} starts threads. */
export interface UseWorkersOptions {
  /**
   * `true`: resolves once the threads are ready (and rejects if they fail to start). `false`:
   * resolves at once; batches run on the calling thread until the threads are ready, with the
   * same results, and a failed start is thrown by the next call. @default true
   */
  readonly wait?: boolean;
}

/** A backend whose work can move to worker threads and back. */
export interface ThreadedBackend extends QuantumBackend {
  /** Worker threads in use (or starting); 1 means the calling thread. */
  readonly workers: number;
  /** Runs batches over `count` worker threads from now on (1: on the calling thread, threads stopped). */
  useWorkers(count: number, options?: UseWorkersOptions): Promise<void>;
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
 * Starting threads takes a few hundred milliseconds (a fresh isolate loads and compiles the
 * simulator); with `useWorkers(n, { wait: false })` the calling thread runs the batches meanwhile.
 */
export function threadedSimulator(
  circuit: CircuitIR,
  options: { workerScript?: URL } = {},
): ThreadedBackend {
  const compiled = new CompiledCircuit(circuit);
  const numWeights = compiled.weightNames.length;
  /** The threads in use once started; `starting` settles when they are ready (or failed). */
  let pool: ParallelCircuit | undefined;
  let starting: Promise<ParallelCircuit | undefined> | undefined;
  let failure: unknown;
  let workers = 1;
  /** Throws (once) the error of threads that failed to start. */
  const throwFailure = () => {
    if (failure === undefined) return;
    const error = failure;
    failure = undefined;
    throw error;
  };
  const batchOfOwn = (request: ExecuteRequest) => {
    if (request.circuit !== circuit)
      throw invalidArgument('a quantum layer backend runs only its own circuit');
    throwFailure();
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
    const pending = starting;
    pool = undefined;
    starting = undefined;
    failure = undefined;
    workers = 1;
    await closing?.close();
    await (await pending)?.close();
  };
  /**
   * While threads start, one turn of the event loop before each call: a training loop on the
   * calling thread only awaits promises, so without it the threads' start-up messages would
   * wait until the loop ends.
   */
  const startingTurn = () =>
    starting === undefined ? undefined : new Promise<void>((resolve) => setImmediate(resolve));
  /** Starts `count` threads; they take over the batches when ready (until then: this thread). */
  const start = (count: number) => {
    const launched: Promise<ParallelCircuit | undefined> = parallelCircuit(circuit, {
      workers: count,
      ...(options.workerScript ? { workerScript: options.workerScript } : {}),
    }).then(
      (ready) => {
        if (starting === launched) {
          pool = ready;
          starting = undefined;
        }
        // A pool that was stopped while starting is closed by `stop`, which awaits it.
        return ready;
      },
      (error: unknown) => {
        if (starting === launched) {
          starting = undefined;
          workers = 1;
          failure = error;
        }
        return undefined;
      },
    );
    starting = launched;
    workers = count;
  };
  return {
    name: 'local-simulator',
    capabilities: LOCAL_SIMULATOR_CAPABILITIES,
    get workers() {
      return workers;
    },
    async execute(request) {
      await startingTurn();
      const batch = batchOfOwn(request);
      const parallel = poolFor(batch.batchSize ?? 1, batch.signal);
      return {
        expectations: parallel ? await parallel.expectations(batch) : compiled.expectations(batch),
      };
    },
    async vjp(request, upstream): Promise<VjpResult> {
      await startingTurn();
      const batch = { ...batchOfOwn(request), upstream };
      const parallel = poolFor(batch.batchSize ?? 1, batch.signal);
      const rows = parallel ? await parallel.vjpRows(batch) : vjpRows(compiled, batch);
      return {
        expectations: rows.expectations,
        weightGradient: sumRows(rows, numWeights),
        inputGradient: rows.inputGradient,
      };
    },
    async useWorkers(count, { wait = true } = {}) {
      checkNumber('workers', count, { min: 1, max: MAX_WORKERS, integer: true });
      if (count !== workers) {
        await stop();
        if (count > 1) start(count);
      }
      if (!wait || starting === undefined) return;
      await starting;
      throwFailure();
    },
    dispose: stop,
  };
}
