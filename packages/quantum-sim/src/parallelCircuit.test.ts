import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectQStoreError, useTempDirs } from '@qstore/test-utils';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { angleEncoding } from './angleEncoding.js';
import { stronglyEntanglingLayers } from './ansatzLayers.js';
import { CompiledCircuit } from './compiledCircuit.js';
import { localSimulator } from './localSimulator.js';
import { type ParallelCircuit, parallelCircuit } from './parallelCircuit.js';
import { vjpRows } from './vjpRows.js';

const circuit = angleEncoding({ numFeatures: 4 }).compose(
  stronglyEntanglingLayers({ numQubits: 4, layers: 2 }),
);
const batchSize = 7;
const batch = {
  inputs: Float64Array.from({ length: batchSize * 4 }, (_, i) => Math.cos(i)),
  weights: Float64Array.from({ length: 24 }, (_, i) => Math.sin(i)),
  batchSize,
  observables: [0, 3].map((qubit) => ({
    terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit }] }],
  })),
  upstream: Float64Array.from({ length: batchSize * 2 }, (_, i) => 0.1 * i - 0.3),
};

describe('parallelCircuit', () => {
  const tempDir = useTempDirs();
  let parallel: ParallelCircuit | undefined;
  afterAll(() => parallel?.close());
  /** Tests run from TypeScript sources: compiles the real worker script to JavaScript. */
  const compiledWorker = async (): Promise<string> => {
    const outfile = join(await tempDir(), 'batchWorker.mjs');
    await build({
      entryPoints: [new URL('./batchWorker.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
    });
    return outfile;
  };

  it('should give exactly the single-thread results with rows split across workers', async () => {
    const outfile = await compiledWorker();
    parallel = await parallelCircuit(circuit, { workers: 3, workerScript: pathToFileURL(outfile) });
    const single = new CompiledCircuit(circuit).vjp(batch);
    const result = await parallel.vjp(batch);
    expect(Array.from(result.expectations)).toEqual(Array.from(single.expectations));
    expect(Array.from(result.inputGradient)).toEqual(Array.from(single.inputGradient));
    for (let j = 0; j < result.weightGradient.length; j++) {
      expect(result.weightGradient[j]).toBeCloseTo(single.weightGradient[j]!, 13);
    }
    expect(Array.from(await parallel.expectations(batch))).toEqual(Array.from(single.expectations));
    await expectQStoreError(
      () => parallel!.expectations({ ...batch, batchSize: 2 }),
      'SHAPE_MISMATCH',
    );

    const backend = localSimulator({
      workers: 2,
      minParallelBatch: 4,
      workerScript: pathToFileURL(outfile),
    });
    const request = { circuit: circuit.toIR(), ...batch };
    const viaBackend = await backend.vjp!(request, batch.upstream);
    expect(Array.from(viaBackend.inputGradient)).toEqual(Array.from(single.inputGradient));
    expect(Array.from((await backend.execute(request)).expectations)).toEqual(
      Array.from(single.expectations),
    );
    await backend.dispose!();
  });

  it("should return every row's weight gradient from vjpRows, bit for bit as on one thread", async () => {
    const outfile = await compiledWorker();
    const pool = await parallelCircuit(circuit, {
      workers: 2,
      workerScript: pathToFileURL(outfile),
    });
    const compiled = new CompiledCircuit(circuit);
    const local = vjpRows(compiled, batch);
    const rows = await pool.vjpRows(batch);
    expect(Array.from(rows.weightGradients)).toEqual(Array.from(local.weightGradients));
    expect(Array.from(rows.inputGradient)).toEqual(Array.from(local.inputGradient));
    expect(Array.from(rows.expectations)).toEqual(Array.from(local.expectations));
    // Summed in row order, the rows give CompiledCircuit.vjp's weight gradient.
    const sum = new Float64Array(24);
    for (let r = 0; r < batchSize; r++)
      for (let j = 0; j < 24; j++) sum[j] = sum[j]! + rows.weightGradients[r * 24 + j]!;
    expect(Array.from(sum)).toEqual(Array.from(compiled.vjp(batch).weightGradient));
    await expectQStoreError(
      () => vjpRows(compiled, { ...batch, upstream: new Float64Array(3) }),
      'SHAPE_MISMATCH',
    );

    // Closing while a call is in flight settles it (rejected with INVALID_STATE when the workers
    // stop first, resolved when they answered first: a race) instead of leaving it pending forever.
    const inFlight = pool.vjpRows(batch).then(
      () => 'answered',
      (error: { code?: string }) => error.code,
    );
    await pool.close();
    expect(['answered', 'INVALID_STATE']).toContain(await inFlight);
    await expectQStoreError(() => pool.vjpRows(batch), 'INVALID_STATE');
  });

  it('should send each set of observables once and never compute with a stale or dropped set', async () => {
    const workerScript = pathToFileURL(await compiledWorker());
    await expectQStoreError(
      () => parallelCircuit(circuit, { workerScript, observablesCacheSize: 0 }),
      'INVALID_ARGUMENT',
    );
    // Room for 2 sets: the third evicts one, which must be sent again when it comes back.
    const pool = await parallelCircuit(circuit, {
      workers: 2,
      workerScript,
      observablesCacheSize: 2,
    });
    const z = (...qubits: number[]) => ({
      terms: [{ coefficient: 1, ops: qubits.map((qubit) => ({ pauli: 'Z' as const, qubit })) }],
    });
    const sets = [
      [z(0), z(3)],
      [z(1, 2)],
      [{ terms: [{ coefficient: 0.5, ops: [{ pauli: 'X' as const, qubit: 1 }] }] }, z(2)],
    ];
    /** The single-thread results, from a fresh CompiledCircuit and a copy of the observables. */
    const expected = (observables: (typeof sets)[number], rows: number) => {
      const options = {
        ...batch,
        batchSize: rows,
        inputs: batch.inputs.subarray(0, rows * 4),
        observables: structuredClone(observables),
        upstream: Float64Array.from({ length: rows * observables.length }, (_, i) => 0.2 * i - 0.5),
      };
      return { options, rows: vjpRows(new CompiledCircuit(circuit), options) };
    };
    const check = async (observables: (typeof sets)[number], rows: number) => {
      const { options, rows: local } = expected(observables, rows);
      const mine = { ...options, observables };
      const [e, r] = await Promise.all([pool.expectations(mine), pool.vjpRows(mine)]);
      expect(Array.from(e)).toEqual(Array.from(local.expectations));
      expect(Array.from(r.expectations)).toEqual(Array.from(local.expectations));
      expect(Array.from(r.weightGradients)).toEqual(Array.from(local.weightGradients));
      expect(Array.from(r.inputGradient)).toEqual(Array.from(local.inputGradient));
    };
    // One row reaches only the first worker; the second gets the set with its first rows.
    await check(sets[0]!, 1);
    await check(sets[0]!, 7);
    await check(sets[1]!, 5);
    await check(sets[2]!, 7); // evicts sets[0]
    await check(sets[0]!, 7); // sent again (evicts sets[1])
    await check(sets[1]!, 3);
    // Calls in flight together, each with another set, while they evict each other.
    await Promise.all([check(sets[2]!, 7), check(sets[0]!, 6), check(sets[1]!, 7)]);
    // The same array, changed in place: its new content is computed, not the cached one.
    const mutable = [z(0), z(1)];
    await check(mutable, 7);
    (mutable[1]!.terms[0]!.ops[0] as { pauli: 'X' | 'Z' }).pauli = 'X';
    await check(mutable, 7);
    // Invalid observables fail the call as on one thread; the pool goes on.
    await expectQStoreError(
      () => pool.expectations({ ...batch, observables: [z(4)] }),
      'INVALID_QUBIT',
    );
    await check(sets[1]!, 7);

    // A closed pool refuses calls; a new one (train's restart of its threads) starts afresh.
    await pool.close();
    await expectQStoreError(
      () => pool.expectations({ ...batch, observables: sets[0]! }),
      'INVALID_STATE',
    );
    const restarted = await parallelCircuit(circuit, { workers: 2, workerScript });
    const local = expected(sets[0]!, 7);
    expect(
      Array.from(await restarted.expectations({ ...local.options, observables: sets[0]! })),
    ).toEqual(Array.from(local.rows.expectations));
    await restarted.close();
  });
});
