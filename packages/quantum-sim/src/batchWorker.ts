// The worker side of `parallelCircuit`: one CompiledCircuit per thread, fed sub-batches.
import { parentPort } from 'node:worker_threads';
import type { CircuitIR, Observable } from '@qstore/core';
import type { BatchOptions, CompiledCircuitOptions } from './batchOptions.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { movableBuffers } from './internal/movableBuffers.js';
import { vjpRows } from './vjpRows.js';

/**
 * A sub-batch as a worker receives it: the observables by the id the pool gave them, and the
 * observables themselves the first time this worker sees that id.
 */
export interface WorkerBatch extends Omit<BatchOptions, 'observables' | 'signal'> {
  readonly observablesId: number;
  readonly observables?: readonly Observable[];
}

/** What the main thread asks a worker to do. */
export type WorkerRequestBody =
  | { readonly type: 'init'; readonly circuit: CircuitIR; readonly options: CompiledCircuitOptions }
  | { readonly type: 'expectations'; readonly batch: WorkerBatch }
  | { readonly type: 'vjp'; readonly batch: WorkerBatch & { readonly upstream: Float64Array } }
  | {
      readonly type: 'vjp-rows';
      readonly batch: WorkerBatch & { readonly upstream: Float64Array };
    };

/** A request with the id its reply carries; or ids of observables to drop (no reply). */
export type WorkerRequest =
  | (WorkerRequestBody & { readonly id: number })
  | { readonly type: 'forget'; readonly observablesIds: readonly number[] };

let compiled: CompiledCircuit | undefined;
/**
 * The observables this worker was sent, by id. The same array object every call, so that
 * `CompiledCircuit` keeps its compiled read-out between calls.
 */
const observablesById = new Map<number, readonly Observable[]>();

/** The batch with its observables looked up (and kept, when they came with it). */
function withObservables<B extends WorkerBatch>(batch: B): B & BatchOptions {
  if (batch.observables !== undefined) observablesById.set(batch.observablesId, batch.observables);
  const observables = observablesById.get(batch.observablesId);
  if (observables === undefined) throw new Error(`unknown observables ${batch.observablesId}`);
  return { ...batch, observables };
}

parentPort?.on('message', (request: WorkerRequest) => {
  const port = parentPort!;
  if (request.type === 'forget') {
    for (const id of request.observablesIds) observablesById.delete(id);
    return;
  }
  try {
    if (request.type === 'init') {
      compiled = new CompiledCircuit(request.circuit, request.options);
      port.postMessage({ id: request.id });
    } else if (request.type === 'expectations') {
      const expectations = compiled!.expectations(withObservables(request.batch));
      port.postMessage({ id: request.id, expectations }, movableBuffers(expectations));
    } else if (request.type === 'vjp-rows') {
      const result = vjpRows(compiled!, withObservables(request.batch));
      port.postMessage(
        { id: request.id, ...result },
        movableBuffers(result.expectations, result.weightGradients, result.inputGradient),
      );
    } else {
      const result = compiled!.vjp(withObservables(request.batch));
      port.postMessage(
        { id: request.id, ...result },
        movableBuffers(result.expectations, result.weightGradient, result.inputGradient),
      );
    }
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
