// Per-call cost of `parallelCircuit` (2 worker threads), before and after a change, in one
// process: one training step of @qstore/train asks the pool for `expectations`, then `vjpRows`.
// Run (from packages/quantum-sim; the old sources go to the git-ignored bench/.before):
//   rm -rf bench/.before && mkdir -p bench/.before && git archive <commit> src | tar -x -C bench/.before
//   node --import tsx bench/parallelCalls.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Observable } from '@qstore/core';
import { build } from 'esbuild';
import * as after from '../src/index.js';
import { benchBatch } from './benchBatch.js';
import { fmt } from './timing.js';
import { referenceCircuit } from './trainingCircuit.js';

type Api = typeof after;
const before = (await import(`./.before/src/${'index.js'}`)) as Api;
const z = (qubit: number): Observable => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit }] }],
});

/** Each version's worker script, bundled to JavaScript (the sources are TypeScript). */
const scratch = mkdtempSync(join(tmpdir(), 'qstore-parallel-bench-'));
async function workerScript(source: string, name: string): Promise<URL> {
  const outfile = join(scratch, `${name}.mjs`);
  await build({
    entryPoints: [new URL(source, import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    logLevel: 'silent',
  });
  return pathToFileURL(outfile);
}

const cpuNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Best wall-clock and best CPU milliseconds (the whole process: this thread and the workers) per
 * step of `steps` consecutive steps, over `samples` samples.
 */
async function timeSteps(
  step: () => Promise<unknown>,
  { steps, samples }: { steps: number; samples: number },
): Promise<{ wall: number; cpu: number }> {
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let s = 0; s < samples; s++) {
    const [w0, c0] = [performance.now(), cpuNow()];
    for (let k = 0; k < steps; k++) await step();
    wall = Math.min(wall, (performance.now() - w0) / steps);
    cpu = Math.min(cpu, (cpuNow() - c0) / steps);
  }
  return { wall, cpu };
}

const cases = [
  {
    label: '4 qubits, 2 layers, batch 8, ⟨Z_i⟩ (fixed cost)',
    make: (api: Api) =>
      api
        .angleEncoding({ numFeatures: 4 })
        .compose(api.stronglyEntanglingLayers({ numQubits: 4, layers: 2 })),
    numQubits: 4,
    batch: 8,
    steps: 200,
  },
  {
    label: 'reference model: 10 qubits, 4 layers, batch 64, ⟨Z_i⟩',
    make: (api: Api) => referenceCircuit(api),
    numQubits: 10,
    batch: 64,
    steps: 10,
  },
];

const scripts = [
  await workerScript('./.before/src/batchWorker.ts', 'before'),
  await workerScript('../src/batchWorker.ts', 'after'),
];
console.log(
  '| case (2 workers, per step = expectations + vjpRows) | before wall, ms | after wall, ms | before CPU, ms | after CPU, ms | 1 thread CPU, ms | identical |\n|---|---|---|---|---|---|---|',
);
const only = process.argv[2];
for (const { label, make, numQubits, batch, steps } of only === 'small'
  ? cases.slice(0, 1)
  : only === 'reference'
    ? cases.slice(1)
    : cases) {
  const apis = [before, after];
  const pools = await Promise.all(
    apis.map((api, k) => api.parallelCircuit(make(api), { workers: 2, workerScript: scripts[k] })),
  );
  const compiled = new after.CompiledCircuit(make(after));
  const observables = Array.from({ length: numQubits }, (_, q) => z(q));
  const options = benchBatch(compiled, batch, observables);
  const step = async (pool: after.ParallelCircuit) => {
    const e = await pool.expectations(options);
    return { e, r: await pool.vjpRows(options) };
  };
  const outputs = async (pool: after.ParallelCircuit): Promise<number[]> => {
    const { e, r } = await step(pool);
    return [...e, ...r.expectations, ...r.weightGradients, ...r.inputGradient];
  };
  const results = await Promise.all(pools.map(outputs));
  const identical = results[0]!.every((v, i) => Object.is(v, results[1]![i]));
  const best = [
    { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY },
    { wall: Number.POSITIVE_INFINITY, cpu: Number.POSITIVE_INFINITY },
  ];
  // Alternating the versions, so that both see the same load.
  for (let rep = 0; rep < 10; rep++) {
    for (const k of [0, 1]) {
      const t = await timeSteps(() => step(pools[k]!), { steps, samples: 5 });
      best[k] = { wall: Math.min(best[k]!.wall, t.wall), cpu: Math.min(best[k]!.cpu, t.cpu) };
    }
  }
  const [b, a] = best as [{ wall: number; cpu: number }, { wall: number; cpu: number }];
  // The same step on the calling thread (this version), for scale.
  const one = await timeSteps(
    async () => {
      compiled.expectations(options);
      after.vjpRows(compiled, options);
    },
    { steps, samples: 10 },
  );
  console.log(
    `| ${label} | ${fmt(b.wall)} | ${fmt(a.wall)} | ${fmt(b.cpu)} | ${fmt(a.cpu)} | ${fmt(one.cpu)} | ${identical} |`,
  );
  await Promise.all(pools.map((p) => p.close()));
}
// The floor of any pool: an empty request and reply to each of 2 threads, twice per step.
const echo = `require('node:worker_threads').parentPort.on('message', function (id) {
  this.postMessage(id);
});`;
const threads = [0, 1].map(() => new Worker(echo, { eval: true }));
const waiting = new Map<number, () => void>();
for (const thread of threads) thread.on('message', (id: number) => waiting.get(id)?.());
let nextId = 0;
const ping = (thread: Worker) =>
  new Promise<void>((resolve) => {
    const id = nextId++;
    waiting.set(id, () => {
      waiting.delete(id);
      resolve();
    });
    thread.postMessage(id);
  });
const floor = await timeSteps(
  async () => {
    await Promise.all(threads.map(ping));
    await Promise.all(threads.map(ping));
  },
  { steps: 200, samples: 20 },
);
console.log(
  `| empty request + reply per thread, twice (the floor) | | ${fmt(floor.wall)} | | ${fmt(floor.cpu)} | | |`,
);
await Promise.all(threads.map((thread) => thread.terminate()));
rmSync(scratch, { recursive: true, force: true });
