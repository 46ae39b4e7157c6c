// Same-process A/B of two versions of this package: the sources of an earlier commit, extracted to
// bench/.before (git-ignored), against the working tree, on the bench circuits of issue 3.
// Run (from packages/quantum-sim):
//   rm -rf bench/.before && mkdir -p bench/.before && git archive <commit> src | tar -x -C bench/.before
//   node --import tsx bench/beforeAfter.ts layered|batch|gradient|training|step|stepRows|stepKeep|stepReal
import type { Observable } from '@qstore/core';
import * as after from '../src/index.js';
import { benchBatch } from './benchBatch.js';
import { buildLayered, layeredAngles } from './layeredCircuit.js';
import { fmt, timeMs } from './timing.js';
import { referenceCircuit, trainingCircuit, zzReadout } from './trainingCircuit.js';

type Api = typeof after;
const before = (await import(`./.before/src/${'index.js'}`)) as Api;
const z = (qubit: number): Observable => ({
  terms: [{ coefficient: 1, ops: [{ pauli: 'Z', qubit }] }],
});

/** Best time of each version, alternating `reps` times so that both see the same load. */
function alternate(
  fns: [() => void, () => void],
  reps: number,
  options: Parameters<typeof timeMs>[1],
): [number, number] {
  const best: [number, number] = [Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
  for (let r = 0; r < reps; r++) {
    for (const k of [0, 1] as const) best[k] = Math.min(best[k], timeMs(fns[k], options));
  }
  return best;
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

function layered(api: Api, angles: number[][], inputs?: string[]): after.CompiledCircuit {
  const circuit = new api.Circuit(angles[0]!.length, inputs === undefined ? {} : { inputs });
  let k = 0;
  buildLayered(angles, {
    ry: (q, a) => circuit.ry(q, inputs === undefined ? a : inputs[k++]!),
    cx: (c, t) => circuit.cx(c, t),
  });
  return new api.CompiledCircuit(circuit);
}

const section = process.argv[2] ?? 'layered';
const stepLabel: Record<string, string> = {
  step: 'expectations + vjp',
  stepRows: 'expectations + vjpRows',
  stepKeep: 'expectations keepForVjp + vjpRows',
  stepReal: 'expectations keepForVjp + vjpRows',
};
console.log('| case | before | after | before / after | max difference |\n|---|---|---|---|---|');
if (section === 'layered') {
  for (const n of [8, 10, 12, 16, 20, 22, 24]) {
    const angles = layeredAngles(n, 5);
    const [b, a] = [layered(before, angles), layered(after, angles)];
    const run = (c: after.CompiledCircuit) => () => c.expectations({ observables: [] });
    const big = n >= 20;
    const [tb, ta] = alternate([run(b), run(a)], n >= 22 ? 2 : 4, {
      minMs: big ? 0 : 100,
      maxRuns: big ? 1 : 50,
      warmup: n < 22,
    });
    const diff = maxDifference(b.state({}), a.state({}));
    console.log(`| layered n = ${n}, ms | ${fmt(tb)} | ${fmt(ta)} | ${fmt(tb / ta)} | ${diff} |`);
  }
} else if (section === 'batch') {
  const count = 1000;
  const names = Array.from({ length: 40 }, (_, i) => `a${i}`);
  const angles = layeredAngles(8, 5);
  const [b, a] = [layered(before, angles, names), layered(after, angles, names)];
  const inputs = Float64Array.from({ length: count * 40 }, (_, i) => (i * 0.618) % (2 * Math.PI));
  const options = { inputs, batchSize: count, observables: [z(0)] };
  const [tb, ta] = alternate([() => b.expectations(options), () => a.expectations(options)], 5, {
    cpu: true,
    minMs: 400,
  });
  const diff = maxDifference(b.expectations(options), a.expectations(options));
  console.log(
    `| 1,000 8-qubit circuits, circuits/s | ${fmt((count * 1000) / tb)} | ${fmt((count * 1000) / ta)} | ${fmt(tb / ta)} | ${diff} |`,
  );
} else {
  const cases: [string, (api: Api) => after.CompiledCircuit, number][] = section.startsWith('step')
    ? [
        [
          // What one training step of @qstore/train asks of the simulator: `expectations` for
          // the forward pass, then `vjp` for the backward pass (train itself calls `vjpRows`,
          // one row per call, for bit-identical threads: `stepRows`; `stepKeep` keeps the
          // forward pass's states for `vjpRows`, as train does now).
          `${section === 'stepReal' ? 'real' : 'reference'} model step (${stepLabel[section] ?? section}), batch 64, samples/s`,
          // `stepReal`: `stepKeep` on a model the real-state path runs (10 qubits, RY encoding,
          // 4 layers of RY + CNOT ring).
          section === 'stepReal'
            ? (api: Api) =>
                new api.CompiledCircuit(
                  api.angleEncoding({ numFeatures: 10, rotation: 'Y' }).compose(
                    api.basicEntanglerLayers({
                      numQubits: 10,
                      layers: 4,
                      rotation: 'ry',
                      prefix: 'w',
                    }),
                  ),
                )
            : (api: Api) => new api.CompiledCircuit(referenceCircuit(api)),
          64,
        ],
      ]
    : section === 'gradient'
      ? [10, 100, 1000].map((p) => [
          `adjoint vjp, 10 qubits, P = ${p}, ms`,
          (api: Api) => {
            const circuit = new api.Circuit(10);
            for (let i = 0; i < p; i++) {
              circuit.ry(i % 10, `w${i}`);
              if (i % 10 === 9) for (let q = 0; q < 9; q++) circuit.cx(q, q + 1);
            }
            return new api.CompiledCircuit(circuit);
          },
          1,
        ])
      : [
          [
            'training model vjp, batch 64, samples/s',
            (api: Api) => new api.CompiledCircuit(trainingCircuit(api)),
            64,
          ],
        ];
  for (const [label, make, batch] of cases) {
    const [b, a] = [make(before), make(after)];
    const observables =
      batch === 1
        ? [z(0)]
        : section.startsWith('step')
          ? Array.from({ length: 10 }, (_, q) => z(q))
          : zzReadout(10);
    const keep = section === 'stepKeep' || section === 'stepReal';
    const rows = section === 'stepRows' || keep;
    const step = section === 'step' || rows;
    const options = benchBatch(a, batch, observables);
    // The gradient's outputs: expectations, weight gradient(s), input gradient.
    const gradientOf = (c: after.CompiledCircuit): Float64Array[] => {
      if (!rows) {
        const r = c.vjp(options);
        return [r.expectations, r.weightGradient, r.inputGradient];
      }
      const r = (c === a ? after : before).vjpRows(c, options);
      return [r.expectations, r.weightGradients, r.inputGradient];
    };
    const run = (c: after.CompiledCircuit) => () => {
      if (step) c.expectations({ ...options, keepForVjp: keep });
      gradientOf(c);
    };
    const [tb, ta] = alternate([run(b), run(a)], 5, {
      minMs: 200,
      cpu: true,
    });
    // Every output, in the timed order (for `step`: expectations, then vjp of the same batch).
    const outputs = (c: after.CompiledCircuit): Float64Array[] => {
      const e = step ? c.expectations({ ...options, keepForVjp: keep }) : new Float64Array(0);
      return [e, ...gradientOf(c)];
    };
    const [ob, oa] = [outputs(b), outputs(a)];
    const diff = Math.max(...ob.map((o, k) => maxDifference(o, oa[k]!)));
    const [vb, va] = batch === 1 ? [tb, ta] : [(batch * 1000) / tb, (batch * 1000) / ta];
    console.log(`| ${label} | ${fmt(vb)} | ${fmt(va)} | ${fmt(tb / ta)} | ${diff} |`);
  }
}
