import { readdirSync } from 'node:fs';
import { createRng } from '@qstore/core';
import { expectQStoreError } from '@qstore/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { buildQuantumCircuit, readoutObservables } from './quantumCircuit.js';
import { type ThreadedBackend, threadedSimulator } from './threadedSimulator.js';

const circuit = buildQuantumCircuit({
  qubits: 4,
  encoding: 'angle-y',
  ansatz: 'strongly-entangling',
  layers: 2,
  reupload: false,
});
const observables = readoutObservables(4, 'z+zz');
const rows = 6;
const rng = createRng(3);
const request = {
  circuit,
  inputs: Float64Array.from({ length: rows * 4 }, () => rng.normal()),
  weights: Float64Array.from({ length: 24 }, () => rng.uniform(-Math.PI, Math.PI)),
  batchSize: rows,
  observables,
};
const upstream = Float64Array.from({ length: rows * observables.length }, () => rng.normal());
const aborted = AbortSignal.abort();
/** Threads of this process (Linux): worker threads show up here until they have stopped. */
const threads = () => readdirSync('/proc/self/task').length;

/** Outputs and gradients of one batch, as plain arrays. */
async function results(backend: ThreadedBackend) {
  const { expectations } = await backend.execute(request);
  const vjp = await backend.vjp!(request, upstream);
  return [expectations, vjp.expectations, vjp.weightGradient, vjp.inputGradient].map((a) =>
    Array.from(a),
  );
}

/** Which thread ran a batch: an aborted batch fails with the message of the one that checked. */
async function runsOn(backend: ThreadedBackend): Promise<'calling thread' | 'workers'> {
  const error = await backend.execute({ ...request, signal: aborted }).then(
    () => undefined,
    (caught: Error) => caught,
  );
  if (error?.message.includes('the quantum layer was aborted')) return 'workers';
  if (error?.message.includes('execution was aborted at row 0')) return 'calling thread';
  throw new Error(`unexpected outcome: ${String(error)}`);
}

describe('threadedSimulator', () => {
  const opened: ThreadedBackend[] = [];
  const open = (options?: { workerScript?: URL }) => {
    const backend = threadedSimulator(circuit, options);
    opened.push(backend);
    return backend;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.dispose()));
  });

  it('should run batches on the calling thread while its threads start, then on them, with the same bits', async () => {
    const reference = await results(open());
    const backend = open();
    await backend.useWorkers(2, { wait: false });
    expect(backend.workers).toBe(2);
    expect(await runsOn(backend)).toBe('calling thread');
    expect(await results(backend)).toEqual(reference);
    await backend.useWorkers(2); // the same count again: waits for the threads
    expect(await runsOn(backend)).toBe('workers');
    expect(await results(backend)).toEqual(reference);
    await backend.useWorkers(1);
    expect(backend.workers).toBe(1);
    expect(await runsOn(backend)).toBe('calling thread');
  });

  it('should wait for its threads by default', async () => {
    const backend = open();
    await backend.useWorkers(3);
    expect(await runsOn(backend)).toBe('workers');
  });

  it.runIf(process.platform === 'linux')(
    'should stop threads that are still starting when disposed or switched',
    async () => {
      const warm = open();
      await warm.useWorkers(2); // lets the runtime's own lazy threads settle first
      await warm.dispose();
      const baseline = threads();
      const backend = open();
      await backend.useWorkers(2, { wait: false });
      expect(threads()).toBeGreaterThanOrEqual(baseline + 2);
      await backend.dispose();
      expect(backend.workers).toBe(1);
      expect(threads()).toBe(baseline);
      // From 2 starting threads to 3: the 2 stop, the 3 take over.
      await backend.useWorkers(2, { wait: false });
      await backend.useWorkers(3, { wait: false });
      await backend.useWorkers(3);
      expect(await runsOn(backend)).toBe('workers');
      await backend.dispose();
      expect(threads()).toBe(baseline);
      expect(await runsOn(backend)).toBe('calling thread');
    },
  );

  it('should report threads that fail to start: at once when waiting, else on the next call', async () => {
    const workerScript = new URL('./no-such-worker.js', import.meta.url);
    const waiting = open({ workerScript });
    await expectQStoreError(() => waiting.useWorkers(2), 'INVALID_STATE', /simulator worker/);
    expect(waiting.workers).toBe(1);
    expect(await runsOn(waiting)).toBe('calling thread');

    const background = open({ workerScript });
    await background.useWorkers(2, { wait: false });
    // The start fails in the background; the next call after that throws its error once.
    await expect.poll(() => background.workers, { timeout: 20_000 }).toBe(1);
    await expectQStoreError(() => background.execute(request), 'INVALID_STATE', /simulator worker/);
    expect(await results(background)).toEqual(await results(open()));
  });
});
