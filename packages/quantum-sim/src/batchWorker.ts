// The worker side of `parallelCircuit`: one CompiledCircuit per thread, fed sub-batches.
import { parentPort } from 'node:worker_threads';
import type { CircuitIR } from '@qstore/core';
import {
  type BatchOptions,
  CompiledCircuit,
  type CompiledCircuitOptions,
} from './compiledCircuit.js';
import { vjpRows } from './vjpRows.js';

/** What the main thread asks a worker to do. */
export type WorkerRequestBody =
  | { readonly type: 'init'; readonly circuit: CircuitIR; readonly options: CompiledCircuitOptions }
  | { readonly type: 'expectations'; readonly batch: BatchOptions }
  | { readonly type: 'vjp'; readonly batch: BatchOptions & { readonly upstream: Float64Array } }
  | {
      readonly type: 'vjp-rows';
      readonly batch: BatchOptions & { readonly upstream: Float64Array };
    };

/** A request with the id its reply carries. */
export type WorkerRequest = WorkerRequestBody & { readonly id: number };

let compiled: CompiledCircuit | undefined;

parentPort?.on('message', (request: WorkerRequest) => {
  const port = parentPort!;
  try {
    if (request.type === 'init') {
      compiled = new CompiledCircuit(request.circuit, request.options);
      port.postMessage({ id: request.id });
    } else if (request.type === 'expectations') {
      const expectations = compiled!.expectations(request.batch);
      port.postMessage({ id: request.id, expectations }, [expectations.buffer as ArrayBuffer]);
    } else if (request.type === 'vjp-rows') {
      const result = vjpRows(compiled!, request.batch);
      port.postMessage({ id: request.id, ...result }, [
        result.expectations.buffer as ArrayBuffer,
        result.weightGradients.buffer as ArrayBuffer,
        result.inputGradient.buffer as ArrayBuffer,
      ]);
    } else {
      const result = compiled!.vjp(request.batch);
      port.postMessage({ id: request.id, ...result }, [
        result.expectations.buffer as ArrayBuffer,
        result.weightGradient.buffer as ArrayBuffer,
        result.inputGradient.buffer as ArrayBuffer,
      ]);
    }
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? error.message : String(error),
    });
  }
});
