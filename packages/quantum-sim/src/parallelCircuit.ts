import { Worker } from 'node:worker_threads';
import type { CircuitIR } from '@qstore/core';
import { StateError, ValidationError } from '@qstore/core';
import type {
  BatchGradient,
  BatchOptions,
  CompiledCircuitOptions,
  VjpOptions,
} from './batchOptions.js';
import type { WorkerBatch, WorkerRequest, WorkerRequestBody } from './batchWorker.js';
import type { Circuit } from './circuit.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { movableBuffers } from './internal/movableBuffers.js';
import { ObservableCache } from './internal/observableCache.js';
import { SCOPE } from './internal/scope.js';
import type { RowGradients } from './vjpRows.js';

/** Options of {@link parallelCircuit}. */
export interface ParallelCircuitOptions extends CompiledCircuitOptions {
  /** Worker threads; rows of a batch are split evenly between them. @default 2 */
  readonly workers?: number;
  /** The worker script. @default `batchWorker.js` next to this module */
  readonly workerScript?: URL;
  /**
   * Distinct sets of observables the workers keep compiled (least recently used dropped first).
   * @default 16
   */
  readonly observablesCacheSize?: number;
}

/** A circuit compiled in several worker threads: the batched calls of `CompiledCircuit`, in parallel. */
export interface ParallelCircuit {
  /** As `CompiledCircuit.expectations`, rows computed in the workers. */
  expectations(options: BatchOptions): Promise<Float64Array>;
  /** As `CompiledCircuit.vjp`, rows computed in the workers, weight gradients summed. */
  vjp(options: VjpOptions): Promise<BatchGradient>;
  /**
   * As {@link vjpRows} on one thread, rows computed in the workers: each row's weight gradient is
   * returned, so a sum in row order does not depend on how many workers there are.
   */
  vjpRows(options: VjpOptions): Promise<RowGradients>;
  /** Stops the workers; calls still waiting on them reject. */
  close(): Promise<void>;
}

interface Reply {
  readonly id: number;
  readonly error?: string;
  readonly expectations?: Float64Array;
  readonly weightGradient?: Float64Array;
  readonly weightGradients?: Float64Array;
  readonly inputGradient?: Float64Array;
}

/**
 * Compiles `circuit` in `workers` threads (and once here, to validate batches before sending
 * them). Each call splits the batch's rows between the threads and joins the results; weight
 * gradients are summed. Workers are unref'd, so a forgotten `close()` does not keep Node alive.
 *
 * Observables are sent to a worker once and named by an id afterwards; the worker keeps them
 * compiled. They are recognised by content (their compiled form, computed on every call), so a
 * new array with the same observables reuses them and a mutated array is sent again: never stale.
 */
export async function parallelCircuit(
  circuit: Circuit | CircuitIR,
  options: ParallelCircuitOptions = {},
): Promise<ParallelCircuit> {
  const ir = 'toIR' in circuit ? circuit.toIR() : circuit;
  const local = new CompiledCircuit(ir, options);
  const count = options.workers ?? 2;
  const capacity = options.observablesCacheSize ?? 16;
  for (const [name, value] of [
    ['workers', count],
    ['observablesCacheSize', capacity],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ValidationError(
        'INVALID_ARGUMENT',
        `${name} must be a positive integer, got ${value}`,
        { scope: SCOPE },
      );
    }
  }
  const script = options.workerScript ?? new URL('./batchWorker.js', import.meta.url);
  let nextId = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  const stopped = new WeakSet<Worker>();
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(script);
    worker.unref();
    worker.on('message', (reply: Reply) => pending.get(reply.id)?.(reply));
    // A worker that dies fails every call still waiting for it.
    worker.on('error', (error) => {
      for (const [id, settle] of pending) settle({ id, error: error.message });
    });
    // So does a worker that stops (`close()` while a call is in flight).
    worker.on('exit', () => {
      stopped.add(worker);
      for (const [id, settle] of pending) settle({ id, error: 'the worker stopped' });
    });
    return worker;
  });
  const post = (worker: Worker, request: WorkerRequest, transfer: ArrayBuffer[] = []) => {
    if (!stopped.has(worker)) worker.postMessage(request, transfer);
  };
  const call = (
    worker: Worker,
    request: WorkerRequestBody,
    transfer: ArrayBuffer[] = [],
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (reply) => {
        pending.delete(id);
        if (reply.error === undefined) resolve(reply);
        else
          reject(
            new StateError('INVALID_STATE', `a simulator worker failed: ${reply.error}`, {
              scope: SCOPE,
            }),
          );
      });
      if (stopped.has(worker)) pending.get(id)!({ id, error: 'the worker stopped' });
      else post(worker, { ...request, id }, transfer);
    });
  try {
    await Promise.all(
      workers.map((w) =>
        call(w, {
          type: 'init',
          circuit: ir,
          // Each worker keeps its own states for `vjp`: up to `adjointMemory` bytes per worker.
          options: { pairFusion: options.pairFusion, adjointMemory: options.adjointMemory },
        }),
      ),
    );
  } catch (error) {
    // No half-started pool: the threads that did start stop again.
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }

  const numInputs = local.inputNames.length;
  const cache = new ObservableCache({ capacity, numQubits: local.numQubits });
  /**
   * Validates the batch, and names its observables by their id (the workers that have not seen
   * them get them with this call; the ones holding evicted sets forget those).
   */
  const prepare = (batch: BatchOptions) => {
    const { entry, evicted } = cache.lookup(batch.observables);
    // Before anything else can throw: a dropped set that is not forgotten stays in its workers.
    for (const old of evicted)
      for (const w of old.sentTo) post(workers[w]!, { type: 'forget', observablesIds: [old.id] });
    // The cached copy: the same object every call, so `local` keeps its compiled read-out.
    local.validateBatch({ ...batch, observables: entry.observables });
    return (w: number): Pick<WorkerBatch, 'observablesId' | 'observables'> => {
      if (entry.sentTo.has(w)) return { observablesId: entry.id };
      entry.sentTo.add(w);
      return { observablesId: entry.id, observables: entry.observables };
    };
  };
  /** Row ranges of each worker for a batch. */
  const split = (batchSize: number): [number, number][] => {
    const used = Math.min(count, batchSize);
    return Array.from({ length: used }, (_, w) => [
      Math.floor((w * batchSize) / used),
      Math.floor(((w + 1) * batchSize) / used),
    ]);
  };
  /** Worker `w`'s rows of the batch (the inputs a fresh copy, moved if large). */
  const slice = (
    batch: BatchOptions,
    [start, end]: [number, number],
    observables: Pick<WorkerBatch, 'observablesId' | 'observables'>,
  ): WorkerBatch => ({
    inputs: batch.inputs?.slice(start * numInputs, end * numInputs),
    weights: batch.weights,
    batchSize: end - start,
    ...(batch.keepForVjp ? { keepForVjp: true } : {}),
    ...observables,
  });
  const join = (parts: Float64Array[]): Float64Array => {
    const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  };

  const vjpReplies = (batch: VjpOptions, type: 'vjp' | 'vjp-rows'): Promise<Reply[]> => {
    const observablesFor = prepare(batch);
    const numObs = batch.observables.length;
    const ranges = split(batch.batchSize ?? 1);
    return Promise.all(
      ranges.map(([start, end], w) => {
        const part = slice(batch, [start, end], observablesFor(w));
        const upstream = batch.upstream.slice(start * numObs, end * numObs);
        return call(
          workers[w]!,
          { type, batch: { ...part, upstream } },
          movableBuffers(part.inputs, upstream),
        );
      }),
    );
  };

  return {
    async expectations(batch) {
      const observablesFor = prepare(batch);
      const ranges = split(batch.batchSize ?? 1);
      const replies = await Promise.all(
        ranges.map((r, w) => {
          const part = slice(batch, r, observablesFor(w));
          return call(
            workers[w]!,
            { type: 'expectations', batch: part },
            movableBuffers(part.inputs),
          );
        }),
      );
      return join(replies.map((r) => r.expectations!));
    },
    async vjp(batch) {
      const replies = await vjpReplies(batch, 'vjp');
      const weightGradient = new Float64Array(local.weightNames.length);
      for (const reply of replies)
        reply.weightGradient!.forEach((g, j) => {
          weightGradient[j] = weightGradient[j]! + g;
        });
      return {
        expectations: join(replies.map((r) => r.expectations!)),
        weightGradient,
        inputGradient: join(replies.map((r) => r.inputGradient!)),
      };
    },
    async vjpRows(batch) {
      const replies = await vjpReplies(batch, 'vjp-rows');
      return {
        expectations: join(replies.map((r) => r.expectations!)),
        weightGradients: join(replies.map((r) => r.weightGradients!)),
        inputGradient: join(replies.map((r) => r.inputGradient!)),
      };
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
