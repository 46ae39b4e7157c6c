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

  it('should give exactly the single-thread results with rows split across workers', async () => {
    // Tests run from TypeScript sources: compile the real worker script to JavaScript first.
    const outfile = join(await tempDir(), 'batchWorker.mjs');
    await build({
      entryPoints: [new URL('./batchWorker.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile,
      logLevel: 'silent',
    });
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
});
