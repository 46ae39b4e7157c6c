// Side-by-side bench of issue 3: quantum-circuit, jsqubits and @qstore/quantum-sim in one process.
// Run: pnpm --filter @qstore/quantum-sim bench
import { jsqubits } from 'jsqubits';
import QuantumCircuit from 'quantum-circuit';
import { angleEncoding } from '../src/angleEncoding.js';
import { stronglyEntanglingLayers } from '../src/ansatzLayers.js';
import { Circuit } from '../src/circuit.js';
import { CompiledCircuit } from '../src/compiledCircuit.js';
import { dataReuploading } from '../src/dataReuploading.js';
import { gradient } from '../src/gradient.js';
import { buildLayered, layeredAngles } from './layeredCircuit.js';
import { fmt, memoryBandwidth, timeMs } from './timing.js';
import { trainingCircuit, zzReadout } from './trainingCircuit.js';

const LAYERS = 5;
const PEER_LIMIT_MS = 60_000;
const z = (qubit: number) => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z' as const, qubit }] }],
});

function ours(angles: number[][]): CompiledCircuit {
  const circuit = new Circuit(angles[0]!.length);
  buildLayered(angles, { ry: (q, a) => circuit.ry(q, a), cx: (c, t) => circuit.cx(c, t) });
  return new CompiledCircuit(circuit);
}

function runQuantumCircuit(angles: number[][]): number[] {
  const n = angles[0]!.length;
  const circuit = new QuantumCircuit(n);
  buildLayered(angles, {
    ry: (q, a) => circuit.appendGate('ry', q, { params: { theta: a } }),
    cx: (c, t) => circuit.appendGate('cx', [c, t]),
  });
  circuit.run();
  return circuit
    .stateAsSimpleArray()
    .map((a: { re: number; im: number }) => a.re * a.re + a.im * a.im);
}

function runJsqubits(angles: number[][]): number[] {
  const n = angles[0]!.length;
  let state = jsqubits(`|${'0'.repeat(n)}>`);
  buildLayered(angles, {
    ry: (q, a) => (state = state.rotateY(q, a)),
    cx: (c, t) => (state = state.cnot(c, t)),
  });
  return Array.from({ length: 2 ** n }, (_, i) => {
    const a = state.amplitude(i);
    return a.real * a.real + a.imaginary * a.imaginary;
  });
}

/**
 * Peers may order qubits differently: compare the sorted probability lists. jsqubits drops
 * amplitudes below its own threshold, so agreement is checked to 1e-6.
 */
function sameDistribution(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const sa = Array.from(a).sort((x, y) => x - y);
  const sb = Array.from(b).sort((x, y) => x - y);
  return sa.every((p, i) => Math.abs(p - sb[i]!) < 1e-6);
}

function layeredBench(bandwidth: number): void {
  console.log(`\n## Layered circuit (RY on every qubit + CNOT chain) × ${LAYERS}\n`);
  console.log(
    '| n | ours ms | quantum-circuit ms | jsqubits ms | × faster peer | steps | passes | % of bandwidth |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const peers: Record<string, { run: (a: number[][]) => number[]; alive: boolean }> = {
    'quantum-circuit': { run: runQuantumCircuit, alive: true },
    jsqubits: { run: runJsqubits, alive: true },
  };
  for (let n = 4; n <= 24; n += 2) {
    const angles = layeredAngles(n, LAYERS);
    const compiled = ours(angles);
    // Up to 300 ms of runs below 20 qubits: enough calls for the JIT to reach its steady state.
    const ms = timeMs(() => compiled.expectations({ observables: [] }), {
      minMs: n >= 20 ? 0 : 300,
      maxRuns: n >= 22 ? 1 : 20_000,
    });
    const reference = compiled.state({});
    const probabilities = Array.from(
      { length: 2 ** n },
      (_, i) => reference[2 * i]! ** 2 + reference[2 * i + 1]! ** 2,
    );
    const peerMs: Record<string, number | undefined> = {};
    for (const [name, peer] of Object.entries(peers)) {
      if (!peer.alive) continue;
      let result: number[] = [];
      const t = timeMs(() => (result = peer.run(angles)), {
        minMs: 200,
        maxRuns: 10,
        warmup: n <= 12,
      });
      if (!sameDistribution(result, probabilities))
        throw new Error(`${name} disagrees with ours at n = ${n}`);
      peerMs[name] = t;
      // Two more qubits cost the peers 4–8× more: stop before a run could pass the minute.
      if (t * 8 > PEER_LIMIT_MS) peer.alive = false;
    }
    const faster = Math.min(...Object.values(peerMs).filter((t): t is number => t !== undefined));
    // Bytes read + written: per pass 8 (real path) or 16 (complex) per amplitude each way; the
    // real path also fills the state once (8 written; `expectations` does not widen it).
    const { lastRunPasses: passes, lastRunReal: real } = compiled.program;
    const bytes = (real ? passes * 16 + 8 : passes * 32) * 2 ** n;
    const share = n >= 18 ? `${fmt((100 * bytes) / (ms * 1e6) / bandwidth)}%` : '';
    const cell = (t: number | undefined): string => (t === undefined ? '—' : fmt(t));
    console.log(
      `| ${n} | ${fmt(ms)} | ${cell(peerMs['quantum-circuit'])} | ${cell(peerMs.jsqubits)} | ${Number.isFinite(faster) ? fmt(faster / ms) : '—'} | ${compiled.program.numSteps} | ${passes}${real ? ' real' : ''} | ${share} |`,
    );
  }
}

function batchBench(): void {
  const n = 8;
  const count = 1000;
  const names = Array.from({ length: LAYERS * n }, (_, i) => `a${i}`);
  const circuit = new Circuit(n, { inputs: names });
  let k = 0;
  buildLayered(layeredAngles(n, LAYERS), {
    ry: (q) => circuit.ry(q, names[k++]!),
    cx: (c, t) => circuit.cx(c, t),
  });
  const compiled = new CompiledCircuit(circuit);
  const inputs = Float64Array.from(
    { length: count * names.length },
    (_, i) => (i * 0.618) % (2 * Math.PI),
  );
  const run = () => compiled.expectations({ inputs, batchSize: count, observables: [z(0)] });
  const ms = timeMs(run, { minMs: 1000 });
  const cpuMs = timeMs(run, { minMs: 1000, cpu: true });
  const perSecond = (count * 1000) / ms;
  const peerCount = 50;
  const angleSets = Array.from({ length: peerCount }, (_, c) => layeredAngles(n, LAYERS, c + 2));
  const jsqMs = timeMs(() => angleSets.forEach(runJsqubits), { minMs: 0, maxRuns: 3 }) / peerCount;
  const qcMs =
    timeMs(() => angleSets.forEach(runQuantumCircuit), { minMs: 0, maxRuns: 3 }) / peerCount;
  console.log(`\n## Batch of ${count} ${n}-qubit ${LAYERS}-layer circuits with different angles\n`);
  console.log('| simulator | circuits/s | ratio |');
  console.log('|---|---|---|');
  console.log(`| ours (one CompiledCircuit, batchSize ${count}) | ${fmt(perSecond)} | 1 |`);
  console.log(
    `| ours, by CPU time (what one core does when it holds the core) | ${fmt((count * 1000) / cpuMs)} | |`,
  );
  console.log(`| jsqubits | ${fmt(1000 / jsqMs)} | ${fmt(perSecond / (1000 / jsqMs))}× slower |`);
  console.log(
    `| quantum-circuit | ${fmt(1000 / qcMs)} | ${fmt(perSecond / (1000 / qcMs))}× slower |`,
  );
}

function gradientBench(): void {
  console.log('\n## Gradient cost on 10 qubits (P RY parameters, a CNOT chain after every 10)\n');
  console.log(
    '| P | forward ms | adjoint (forward + gradient) ms | adjoint / forward | adjoint / forward, CPU time | parameter shift / forward |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const p of [10, 100, 1000]) {
    const circuit = new Circuit(10);
    for (let i = 0; i < p; i++) {
      circuit.ry(i % 10, `w${i}`);
      if (i % 10 === 9) for (let q = 0; q < 9; q++) circuit.cx(q, q + 1);
    }
    const compiled = new CompiledCircuit(circuit);
    const weights = Float64Array.from({ length: p }, (_, i) => Math.sin(i));
    const observables = [z(0)];
    const runForward = () => compiled.expectations({ weights, observables });
    const runAdjoint = () => compiled.vjp({ weights, observables, upstream: Float64Array.of(1) });
    const forward = timeMs(runForward);
    const adjoint = timeMs(runAdjoint);
    // By CPU time, over more runs: the ratio of what one core spends on each.
    const cpuRatio =
      timeMs(runAdjoint, { cpu: true, minMs: 1000, maxRuns: 100_000 }) /
      timeMs(runForward, { cpu: true, minMs: 1000, maxRuns: 100_000 });
    const shift =
      p <= 100
        ? timeMs(() => gradient(compiled, { method: 'parameter-shift', weights, observables }), {
            maxRuns: 5,
          })
        : undefined;
    console.log(
      `| ${p} | ${fmt(forward)} | ${fmt(adjoint)} | ${fmt(adjoint / forward)} | ${fmt(cpuRatio)} | ${shift === undefined ? `(2P = ${2 * p}, not run)` : fmt(shift / forward)} |`,
    );
  }
}

async function trainingBench(): Promise<void> {
  const batch = 64;
  const circuit = trainingCircuit({ dataReuploading, angleEncoding, stronglyEntanglingLayers });
  const compiled = new CompiledCircuit(circuit);
  const observables = zzReadout(10);
  const options = {
    inputs: Float64Array.from({ length: batch * 10 }, (_, i) => Math.cos(i)),
    weights: Float64Array.from({ length: compiled.weightNames.length }, (_, i) => Math.sin(i)),
    batchSize: batch,
    observables,
    upstream: Float64Array.from({ length: batch * observables.length }, (_, i) => Math.sin(i)),
  };
  const ms = timeMs(() => compiled.vjp(options), { minMs: 1000 });
  const cpuMs = timeMs(() => compiled.vjp(options), { minMs: 1000, cpu: true });
  // The worker script is the built one (`pnpm bench` builds first).
  const { parallelCircuit } = await import('../dist/index.js');
  const parallel = await parallelCircuit(circuit, { workers: 2 });
  await parallel.vjp(options);
  let parallelMs = Number.POSITIVE_INFINITY;
  for (let run = 0; run < 20; run++) {
    const t0 = performance.now();
    await parallel.vjp(options);
    parallelMs = Math.min(parallelMs, performance.now() - t0);
  }
  await parallel.close();
  console.log(
    '\n## Training model (10 qubits, RY encoding re-uploaded before each of 4 strongly entangling layers, 10 ⟨Z⟩ + 45 ⟨ZZ⟩ outputs)\n',
  );
  console.log('| forward + adjoint backward, batch 64 | samples/s |');
  console.log('|---|---|');
  console.log(`| CompiledCircuit.vjp, one thread | ${fmt((batch * 1000) / ms)} |`);
  console.log(`| CompiledCircuit.vjp, one thread, by CPU time | ${fmt((batch * 1000) / cpuMs)} |`);
  console.log(`| parallelCircuit, 2 workers | ${fmt((batch * 1000) / parallelMs)} |`);
}

const bandwidth = memoryBandwidth();
console.log(
  `# @qstore/quantum-sim bench (node ${process.version})\n\nmemory bandwidth (128 MiB copy, read + write): ${fmt(bandwidth)} GB/s`,
);
const only = process.argv[2];
if (only === undefined || only === 'layered') layeredBench(bandwidth);
if (only === undefined || only === 'batch') batchBench();
if (only === undefined || only === 'gradient') gradientBench();
if (only === undefined || only === 'training') await trainingBench();
